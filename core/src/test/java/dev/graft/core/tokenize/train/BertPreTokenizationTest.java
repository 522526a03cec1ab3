package dev.graft.core.tokenize.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our Java BERT normaliser and splitter must produce the words HF's Rust BertNormalizer and
 * BertPreTokenizer produce, or trained vocabularies would miss what encoding sees.
 */
class BertPreTokenizationTest {
    @TempDir
    Path dir;

    private static List<String> split(BertPreTokenization bert, String text) {
        List<String> words = new ArrayList<>();
        bert.split(text, words::add);
        return words;
    }

    @Test
    void normalisesAndSplitsLikeBert() {
        BertPreTokenization uncased = new BertPreTokenization(true, true);
        assertThat(split(uncased, "Héllo, WORLD!\t東京 naïve\u00A0café\u0000 ΟΔΟΣ"))
                .containsExactly("hello", ",", "world", "!", "東", "京", "naive", "cafe", "οδοσ");
        BertPreTokenization cased = new BertPreTokenization(false, false);
        assertThat(split(cased, "Héllo, it's €3.50")).containsExactly("Héllo", ",", "it", "'", "s", "€3", ".", "50");
    }

    /**
     * Random strings through both implementations: a WordPiece vocabulary holding every single
     * character (plain and "##") makes HF's tokens spell out its words, so word boundaries and
     * normalised characters can be compared exactly.
     */
    @ParameterizedTest
    @CsvSource({"true, true", "false, false", "true, false"})
    void agreesWithHuggingFace(boolean lowercase, boolean stripAccents) throws IOException {
        String[] pieces = {"a", "Z", "é", "e\u0301", "ß", "İ", "Σ", "ǅ", "ﬁ", "東", "😀", "7", "٣", " ", "\t", "\n",
            "\u00A0", "\u3000", "\u0000", "\u200B", "\uFFFD", ",", "¿", "$", "€", "—", "'", "(", "\u0301", "Å"};
        SplittableRandom random = new SplittableRandom(5);
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < 400; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0, len = 1 + random.nextInt(10); i < len; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            texts.add(sb.toString());
        }
        BertPreTokenization bert = new BertPreTokenization(lowercase, stripAccents);
        TreeSet<Integer> chars = new TreeSet<>();
        texts.forEach(t -> split(bert, t).forEach(w -> w.codePoints().forEach(chars::add)));
        Path tokenizer = writeCharVocabulary(chars, lowercase, stripAccents);

        try (HfTokenizer hf = HfTokenizer.load(tokenizer, TokenizerOptions.unlimited())) {
            for (String text : texts) {
                List<String> hfWords = new ArrayList<>();
                for (String token : hf.encode(text).tokens()) {
                    if (token.startsWith("##")) {
                        hfWords.set(hfWords.size() - 1, hfWords.get(hfWords.size() - 1) + token.substring(2));
                    } else {
                        hfWords.add(token);
                    }
                }
                assertThat(split(bert, text)).as("words of [%s]", text).isEqualTo(hfWords);
            }
        }
    }

    private Path writeCharVocabulary(TreeSet<Integer> chars, boolean lowercase, boolean stripAccents) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.putObject("normalizer").put("type", "BertNormalizer").put("clean_text", true).put("handle_chinese_chars", true)
                .put("strip_accents", stripAccents).put("lowercase", lowercase);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", "[UNK]").put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        ObjectNode vocab = model.putObject("vocab");
        vocab.put("[UNK]", 0);
        for (int cp : chars) {
            vocab.put(Character.toString(cp), vocab.size());
            vocab.put("##" + Character.toString(cp), vocab.size());
        }
        Path file = dir.resolve("tokenizer.json");
        mapper.writeValue(file.toFile(), root);
        return file;
    }
}
