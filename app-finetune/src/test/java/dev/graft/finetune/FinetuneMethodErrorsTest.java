package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad method input stops before any training, with a message naming the flag and what was expected. */
class FinetuneMethodErrorsTest {
    @TempDir
    Path tmp;

    private FinetuneConfig parse(String method, String flags) {
        List<String> args = new ArrayList<>(List.of("--model", TinyNli.model().toString(), "--method", method,
                "--train", TinyNli.small().resolve("train.jsonl").toString(), "--dev",
                TinyNli.small().resolve("dev.jsonl").toString(), "--out", tmp.resolve("out").toString(), "--tokenizer",
                TinyNli.tokenizer().toString(), "--max-length", "64", "--quiet"));
        args.addAll(FinetuneCommandFlags.split(flags));
        return FinetuneCommandFlags.parse(args);
    }

    @Test
    void unknownMethodListsTheMethods() {
        assertThatThrownBy(() -> parse("lorra", "")).hasMessage("unknown method 'lorra'; available: features, head,"
                + " full, lora, adapter, prefix, prompt, ia3, bitfit");
    }

    @Test
    void loraValuesOutOfRange() {
        assertThatThrownBy(() -> parse("lora", "--lora-rank 0")).hasMessage("--lora-rank must be > 0, got 0");
        assertThatThrownBy(() -> parse("lora", "--lora-rank -4")).hasMessage("--lora-rank must be > 0, got -4");
        assertThatThrownBy(() -> parse("lora", "--lora-alpha 0")).hasMessage("--lora-alpha must be > 0, got 0.0");
        assertThatThrownBy(() -> parse("lora", "--lora-alpha NaN")).hasMessage("--lora-alpha must be > 0, got NaN");
        assertThatThrownBy(() -> parse("lora", "--lora-dropout 1")).hasMessage("--lora-dropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> parse("lora", "--lora-dropout -0.1"))
                .hasMessage("--lora-dropout must be in [0, 1), got -0.1");
        assertThatThrownBy(() -> parse("adapter", "--adapter-reduction 0"))
                .hasMessage("--adapter-reduction must be >= 1, got 0");
        assertThatThrownBy(() -> parse("adapter", "--adapter-placement middle"))
                .hasMessage("--adapter-placement: unknown value 'middle'; expected one of [houlsby, pfeiffer]");
        assertThatThrownBy(() -> parse("prefix", "--prefix-tokens 0")).hasMessage("--prefix-tokens must be > 0, got 0");
        assertThatThrownBy(() -> parse("prefix", "--prefix-hidden 32"))
                .hasMessage("--prefix-hidden sets the width of the prefix MLP; it needs --prefix-projection");
    }

    @Test
    void flagsOfAnotherMethodAreRefused() {
        assertThatThrownBy(() -> parse("full", "--lora-rank 4")).hasMessage("--lora-rank applies to --method lora, not full");
        assertThatThrownBy(() -> parse("ia3", "--lora-targets query")).hasMessage("--lora-targets applies to --method lora, not ia3");
        assertThatThrownBy(() -> parse("lora", "--pooling mean")).hasMessage("--pooling applies to --method features, not lora");
        assertThatThrownBy(() -> parse("head", "--prompt-tokens 4")).hasMessage("--prompt-tokens applies to --method prompt, not head");
        assertThatThrownBy(() -> parse("prompt", "--adapter-placement pfeiffer"))
                .hasMessage("--adapter-placement applies to --method adapter, not prompt");
        assertThat(parse("lora", "--lora-rank 4 --lora-alpha 8 --lora-dropout 0 --lora-targets query,ffn_out --rslora")
                .methodOptions().given()).containsOnlyKeys("--lora-rank", "--lora-alpha", "--lora-dropout",
                "--lora-targets", "--rslora");
    }

    @Test
    void mergeOnlyWhereTheAdapterFoldsIntoTheWeights() {
        assertThatThrownBy(() -> parse("prefix", "--merge")).hasMessageStartingWith(
                "--merge applies to --method lora or ia3 or bitfit, not prefix: prefix tuning adds keys and values");
        assertThatThrownBy(() -> parse("prompt", "--merge")).hasMessageContaining("not prompt: prompt tuning adds soft tokens");
        assertThatThrownBy(() -> parse("adapter", "--merge")).hasMessageContaining("not adapter: bottleneck adapters add layers");
        assertThatThrownBy(() -> parse("full", "--merge")).hasMessage(
                "--merge applies to --method lora or ia3 or bitfit, not full (its best/ already is a plain HF checkpoint)");
        assertThat(parse("ia3", "--merge").methodOptions().mergeRequested()).isTrue();
    }

    @Test
    void promptInitTextNeedsItsText() {
        assertThatThrownBy(() -> parse("prompt", "--prompt-init text"))
                .hasMessage("--prompt-init text needs the text: --prompt-init-text \"…\"");
        assertThatThrownBy(() -> parse("prompt", "--prompt-init-text 'a man'"))
                .hasMessage("--prompt-init-text is used with --prompt-init text only; got --prompt-init random (the default)");
    }

    @Test
    void featuresKeepsNoCheckpointsToResume() {
        assertThatThrownBy(() -> parse("features", "--resume")).hasMessageStartingWith(
                "--method features trains on embeddings cached in memory: it keeps no checkpoints (--resume)");
    }

    @Test
    void aLoraTargetTheModelLacksStopsBeforeTraining() {
        FinetuneConfig c = parse("lora", "--lora-targets query,c_attn");
        assertThatThrownBy(() -> FinetuneJob.run(c, new PrintStream(new ByteArrayOutputStream())))
                .hasMessageStartingWith("LoRA target 'c_attn' is not in the model; it has targets [query, key, value,"
                        + " attention_output, ffn_in, ffn_out, word_embeddings]");
        assertThat(c.out()).as("nothing written: no training started").doesNotExist();
    }
}
