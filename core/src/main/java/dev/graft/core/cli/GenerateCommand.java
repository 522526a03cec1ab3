package dev.graft.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.generate.GenerateJob;
import dev.graft.core.generate.GenerateOutcome;
import dev.graft.core.generate.GenerateRequest;
import dev.graft.core.generate.GenerationConfig;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TextTokenizer;
import dev.graft.core.tokenize.TokenizerFiles;
import dev.graft.core.tokenize.TokenizerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft generate}: continue a prompt with GPT-2 or T5, streaming tokens as they come. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {
            "Continue a prompt with a gpt2 or t5 checkpoint, printing tokens as they are produced, then one JSON line.",
            "",
            "The JSON line holds prompt_ids, generated_ids, ids (the whole sequence as Hugging Face's generate() returns it: prompt plus continuation for GPT-2, decoder start plus continuation for T5), text (with a tokenizer.json beside the model), finish_reason (stop or length), the seed and tokens_per_s.",
            "",
            "Temperature 0 (the default) is greedy decoding. With --temperature > 0 tokens are sampled (after --top-k and --top-p) from a generator seeded by --seed: the same prompt, parameters and seed always give the same tokens. Without --seed a seed is drawn and reported."
        })
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "gpt2 or t5 model directory.")
    Path model;

    @ArgGroup(multiplicity = "1")
    Prompt prompt;

    static final class Prompt {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt text (needs tokenizer.json beside the model).")
        String text;

        @Option(names = "--prompt-ids", paramLabel = "1,2,3", split = ",", description = "Prompt token ids.")
        long[] ids;
    }

    @Option(names = "--max-new-tokens", defaultValue = "32", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T", description = "0 = greedy. Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "0 = no limit. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", paramLabel = "P", description = "In (0, 1]; 1 = no limit. Default: ${DEFAULT-VALUE}.")
    float topP;

    @Option(names = "--repetition-penalty", defaultValue = "1", paramLabel = "X", description = "> 0; 1 = none. Default: ${DEFAULT-VALUE}.")
    float repetitionPenalty;

    @Option(names = "--seed", paramLabel = "S", description = "Sampling seed (drawn at random and reported when absent).")
    Long seed;

    @Option(names = "--stop-id", paramLabel = "ID", split = ",", description = "Extra token ids that end generation (the config's EOS always does).")
    long[] stopIds = new long[0];

    @Option(names = "--stop", paramLabel = "TEXT", description = "A string that ends generation (repeatable; needs a tokenizer).")
    List<String> stopStrings = new ArrayList<>();

    @Option(names = "--no-cache", description = "Recompute every step instead of keeping keys and values (slower; for comparison).")
    boolean noCache;

    @Option(names = "--allow-unexpected", description = "Load even when the checkpoint has tensors the model does not use.")
    boolean allowUnexpected;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 48);
        Set<Long> stops = new HashSet<>();
        Arrays.stream(stopIds).forEach(stops::add);
        GenerationConfig config = new GenerationConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, stops,
                stopStrings, s);
        GenerateRequest request = new GenerateRequest(model, prompt.text, prompt.ids, config, !noCache, common.device,
                allowUnexpected);
        try (TextTokenizer tokenizer = openTokenizer()) {
            GenerateOutcome out = GenerateJob.run(request, tokenizer, piece -> {
                System.out.print(piece);
                System.out.flush();
            });
            System.out.println();
            ObjectMapper json = new ObjectMapper();
            ObjectNode line = json.createObjectNode();
            line.putPOJO("prompt_ids", out.result().prompt());
            line.putPOJO("generated_ids", out.result().generated());
            line.putPOJO("ids", out.ids());
            if (out.result().text() != null) {
                line.put("text", out.result().text());
            }
            line.put("finish_reason", out.result().finishReason().name().toLowerCase(java.util.Locale.ROOT));
            line.put("seed", out.seed());
            line.put("tokens_per_s", Math.round(out.tokensPerSecond() * 100) / 100.0);
            System.out.println(json.writeValueAsString(line));
        }
        return 0;
    }

    /** The tokenizer beside the model, without special tokens added to the prompt for GPT-2 style. */
    private TextTokenizer openTokenizer() {
        if (!Files.isRegularFile(model.resolve(TokenizerFiles.TOKENIZER_JSON))) {
            return null;
        }
        return HfTokenizer.load(model, TokenizerOptions.unlimited().withSpecialTokens(true));
    }
}
