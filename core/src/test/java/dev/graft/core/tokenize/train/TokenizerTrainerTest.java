package dev.graft.core.tokenize.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.tokenize.Encoding;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerException;
import dev.graft.core.tokenize.TokenizerOptions;
import dev.graft.core.tokenize.TrainedTokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our trainers' files, loaded and run by HF's Rust tokenizers through DJL. */
class TokenizerTrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /**
     * Decoding joins WordPiece tokens with spaces and, token by token, removes the space before
     * . , ! ? (the decoder's cleanup); other punctuation keeps its spaces, as in HF.
     */
    @Test
    void wordPieceRoundTripGivesTheNormalisedText() {
        List<String> cased = List.of(
                "Héllo, World! It ' s 42 degrees ( really? ) in Zürich.",
                "Naïve café owners paid €3. 50 for 2 crème brûlées ; 東 京 and Москва agreed.",
                "e - mail me at a. b @ example. org — or don ' t : 100 % \" sure \".");
        List<String> uncased = List.of(
                "hello, world! it ' s 42 degrees ( really? ) in zurich.",
                "naive cafe owners paid €3. 50 for 2 creme brulees ; 東 京 and москва agreed.",
                "e - mail me at a. b @ example. org — or don ' t : 100 % \" sure \".");
        try (HfTokenizer c = HfTokenizer.load(TrainedTokenizers.wordPiece(), TokenizerOptions.of(512));
                HfTokenizer u = HfTokenizer.load(TrainedTokenizers.wordPieceUncased(), TokenizerOptions.of(512))) {
            for (int i = 0; i < cased.size(); i++) {
                String text = TrainedTokenizers.SENTENCES.get(i);
                Encoding e = c.encode(text);
                assertThat(e.tokens()).as("tokens of %s", text).doesNotContain("[UNK]");
                assertThat(c.decode(e.ids())).isEqualTo(cased.get(i));
                assertThat(u.decode(u.encode(text).ids())).isEqualTo(uncased.get(i));
            }
        }
    }

    @Test
    void bpeRoundTripIsExactEvenForUnseenText() {
        try (HfTokenizer t = HfTokenizer.load(TrainedTokenizers.bpe(), TokenizerOptions.of(1024))) {
            for (String text : TrainedTokenizers.SENTENCES) {
                assertThat(t.decode(t.encode(text).ids())).isEqualTo(text);
            }
            String unseen = "🙂 ǅemal ÿ\ttabs,\n  spaces ∑ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ";
            assertThat(t.decode(t.encode(unseen).ids())).isEqualTo(unseen);
            assertThat(t.encode("<|endoftext|>").ids()).containsExactly(0);
        }
    }

    @Test
    void wordPieceFilesHaveBertLayout() throws IOException {
        Path out = TrainedTokenizers.wordPieceUncased();
        JsonNode tok = read(out.resolve("tokenizer.json"));
        JsonNode vocab = tok.path("model").path("vocab");
        assertThat(tok.path("model").path("type").asText()).isEqualTo("WordPiece");
        assertThat(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")).allSatisfy(s ->
                assertThat(vocab.path(s).asInt(-1)).isEqualTo(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]").indexOf(s)));
        assertThat(vocab.size()).isEqualTo(600);
        assertThat(vocab.fieldNames()).toIterable().anyMatch(n -> n.startsWith("##") && n.length() > 3);
        assertThat(tok.path("normalizer").path("lowercase").asBoolean()).isTrue();
        assertThat(tok.path("normalizer").path("strip_accents").asBoolean()).isTrue();
        JsonNode config = read(out.resolve("tokenizer_config.json"));
        assertThat(config.path("model_max_length").asInt()).isEqualTo(512);
        assertThat(config.path("pad_token").asText()).isEqualTo("[PAD]");
    }

    @Test
    void bpeFilesHaveGpt2Layout() throws IOException {
        Path out = TrainedTokenizers.bpe();
        JsonNode tok = read(out.resolve("tokenizer.json"));
        JsonNode model = tok.path("model");
        assertThat(model.path("type").asText()).isEqualTo("BPE");
        assertThat(model.path("vocab").path("<|endoftext|>").asInt()).isZero();
        assertThat(model.path("vocab").path("Ġ").isInt()).isTrue();
        assertThat(model.path("vocab").size()).isEqualTo(600);
        assertThat(model.path("merges").size()).isEqualTo(600 - 257);
        assertThat(tok.path("pre_tokenizer").path("type").asText()).isEqualTo("ByteLevel");
        assertThat(read(out.resolve("tokenizer_config.json")).path("model_max_length").asInt()).isEqualTo(1024);
    }

    @Test
    void trainingIsDeterministicWhateverTheThreads() throws IOException {
        Path corpus = TrainedTokenizers.corpus();
        TrainRequest one = new TrainRequest(TrainerType.BPE, 400, List.of(corpus), dir.resolve("a"), false, false, 2, 1024, 1);
        TrainRequest two = new TrainRequest(TrainerType.BPE, 400, List.of(corpus), dir.resolve("b"), false, false, 2, 1024, 3);
        TokenizerTrainer.run(one, Progress.NONE);
        TokenizerTrainer.run(two, Progress.NONE);
        assertThat(Files.readString(dir.resolve("a/tokenizer.json"))).isEqualTo(Files.readString(dir.resolve("b/tokenizer.json")));
    }

    @Test
    void minFrequencyStopsBeforeTheVocabularyIsFull() throws IOException {
        Path corpus = Files.writeString(dir.resolve("small.txt"), "low lower lowest\nlow low\n");
        TrainRequest r = TrainRequest.of(TrainerType.WORDPIECE, 100, List.of(corpus), dir.resolve("out")).withMinFrequency(3);
        TrainResult result = TokenizerTrainer.run(r, Progress.NONE);
        // l-o-w occurs 5 times: "lo" and "low" are learned; nothing else reaches 3.
        assertThat(result.merges()).isEqualTo(2);
        assertThat(result.vocabSize()).isEqualTo(5 + result.alphabetSize() + 2);
    }

    @Test
    void anOutputThatIsAFileIsRefusedBeforeTraining() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("taken.txt"), "x");
        assertThatThrownBy(() -> TrainRequest.of(TrainerType.BPE, 500, List.of(file), file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--output " + file + " is a file; name a directory (it is created if missing)");
    }

    @Test
    void missingInputFile() {
        Path missing = dir.resolve("nope.txt");
        assertThatThrownBy(() -> TokenizerTrainer.run(TrainRequest.of(TrainerType.BPE, 500, List.of(missing), dir), Progress.NONE))
                .isInstanceOf(TokenizerException.class)
                .hasMessage(missing + ": no such file (expected a UTF-8 text file to train on)");
        assertThatThrownBy(() -> TokenizerTrainer.run(TrainRequest.of(TrainerType.BPE, 500, List.of(dir), dir), Progress.NONE))
                .isInstanceOf(TokenizerException.class)
                .hasMessage(dir + ": is a directory (expected a UTF-8 text file to train on)");
    }

    @Test
    void vocabularySmallerThanTheByteAlphabet() {
        assertThatThrownBy(() -> TokenizerTrainer.run(
                TrainRequest.of(TrainerType.BPE, 100, List.of(TrainedTokenizers.corpus()), dir), Progress.NONE))
                .isInstanceOf(TokenizerException.class)
                .hasMessage("--vocab-size 100 is smaller than the initial bpe vocabulary: 1 special tokens + 256 alphabet "
                        + "symbols (256 byte symbols) = 257; use --vocab-size 257 or more");
    }

    @Test
    void vocabularySmallerThanTheCharacterAlphabet() throws IOException {
        Path corpus = Files.writeString(dir.resolve("abc.txt"), "abc cab\n");
        assertThatThrownBy(() -> TokenizerTrainer.run(TrainRequest.of(TrainerType.WORDPIECE, 9, List.of(corpus), dir), Progress.NONE))
                .isInstanceOf(TokenizerException.class)
                .hasMessage("--vocab-size 9 is smaller than the initial wordpiece vocabulary: 5 special tokens + 5 alphabet "
                        + "symbols (2 word-initial characters and 3 '##' continuations) = 10; use --vocab-size 10 or more");
    }

    @Test
    void emptyCorpus() throws IOException {
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n  \n\t\n");
        assertThatThrownBy(() -> TokenizerTrainer.run(TrainRequest.of(TrainerType.WORDPIECE, 500, List.of(blank), dir), Progress.NONE))
                .isInstanceOf(TokenizerException.class)
                .hasMessage(blank + ": no words to train on (3 lines, 6 bytes: the input is empty or holds only whitespace)");
    }

    @Test
    void notUtf8() throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> TokenizerTrainer.run(TrainRequest.of(TrainerType.BPE, 500, List.of(latin1), dir), Progress.NONE))
                .isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith(latin1 + ": not UTF-8 text at line 2");
    }

    @Test
    void caseOptionsBelongToWordPiece() {
        assertThatThrownBy(() -> TrainRequest.of(TrainerType.BPE, 500, List.of(dir), dir).withNormalization(true, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--lowercase and --strip-accents apply to wordpiece only: byte-level BPE (GPT-2 style) keeps the text unchanged");
    }
}
