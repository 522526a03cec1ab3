package dev.graft.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single-sentence classification files: jsonl with named or integer labels, GLUE SST-2 tsv, and bad rows. */
class TextReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    @Test
    void jsonlWithNamedLabelsKeepsTextLabelIdAndLine() throws IOException {
        Path f = file("t.jsonl", "{\"text\": \"a good film\", \"label\": \"positive\", \"idx\": 7}", "",
                "{\"text\": \"a sad film\", \"label\": \"negative\"}");
        assertThat(TextReader.read(f, List.of()))
                .extracting(TextExample::id, TextExample::text, TextExample::label, TextExample::source)
                .containsExactly(tuple("7", "a good film", "positive", f + ":1"),
                        tuple("3", "a sad film", "negative", f + ":3"));
    }

    @Test
    void integerLabelsAreReadThroughLabelNames() throws IOException {
        Path f = file("t.jsonl", "{\"text\": \"x\", \"label\": 1}", "{\"text\": \"y\", \"label\": 0}");
        assertThat(TextReader.read(f, List.of("negative", "positive"))).extracting(TextExample::label)
                .containsExactly("positive", "negative");
        assertThatThrownBy(() -> TextReader.read(f, List.of()))
                .isInstanceOf(NliDataException.class)
                .hasMessage(f + ":1: integer label 1 needs --label-names to say which class each number is"
                        + " (e.g. --label-names negative,positive)");
        assertThatThrownBy(() -> TextReader.read(f, List.of("only")))
                .hasMessage(f + ":1: integer label 1 is outside --label-names [only] (0..0)");
    }

    @Test
    void sst2TsvReadsSentenceAndLabelUnderItsHeader() throws IOException {
        Path f = file("train.tsv", "sentence\tlabel", "hide new secretions from the parental units \t0",
                "the greatest musicians \t1");
        assertThat(TextReader.read(f, List.of("negative", "positive")))
                .extracting(TextExample::text, TextExample::label, TextExample::source)
                .containsExactly(tuple("hide new secretions from the parental units ", "negative", f + ":2"),
                        tuple("the greatest musicians ", "positive", f + ":3"));
    }

    @Test
    void badFilesAndRowsNameFileLineAndWhatIsWrong() throws IOException {
        Path noText = file("a.jsonl", "{\"text\": \"ok\", \"label\": \"pos\"}", "{\"sentence\": \"x\", \"label\": \"pos\"}");
        assertThatThrownBy(() -> TextReader.read(noText, List.of()))
                .hasMessage(noText + ":2: field 'text' is missing");
        Path noLabel = file("b.jsonl", "{\"text\": \"x\"}");
        assertThatThrownBy(() -> TextReader.read(noLabel, List.of()))
                .hasMessage(noLabel + ":1: field 'label' is missing");
        Path unknown = file("c.jsonl", "{\"text\": \"x\", \"label\": \"positive\"}", "{\"text\": \"y\", \"label\": \"postive\"}");
        assertThatThrownBy(() -> TextReader.read(unknown, List.of("negative", "positive")))
                .hasMessage(unknown + ":2: unknown label 'postive'; --label-names are [negative, positive]");
        Path empty = file("d.jsonl", "", "  ");
        assertThatThrownBy(() -> TextReader.read(empty, List.of()))
                .hasMessage(empty + ": is empty, expected jsonl {\"text\", \"label\"} rows or an SST-2 tsv with a"
                        + " sentence<TAB>label header");
        Path headerOnly = file("e.tsv", "sentence\tlabel");
        assertThatThrownBy(() -> TextReader.read(headerOnly, List.of()))
                .hasMessage(headerOnly + ": has a header but no rows");
        Path noColumn = file("f.tsv", "text\tstars", "x\t1");
        assertThatThrownBy(() -> TextReader.read(noColumn, List.of()))
                .hasMessage(noColumn + ":1: expected a jsonl row or a tsv header with 'sentence' and 'label' columns,"
                        + " found [text, stars]");
        Path shortRow = file("g.tsv", "sentence\tlabel", "no label here");
        assertThatThrownBy(() -> TextReader.read(shortRow, List.of()))
                .hasMessage(shortRow + ":2: expected 2 tab-separated columns [sentence, label], found 1");
        Path numberText = file("h.jsonl", "{\"text\": 3, \"label\": \"pos\"}");
        assertThatThrownBy(() -> TextReader.read(numberText, List.of()))
                .hasMessage(numberText + ":1: field 'text' must be a string, found number");
    }
}
