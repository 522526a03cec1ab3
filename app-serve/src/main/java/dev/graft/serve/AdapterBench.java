package dev.graft.serve;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.generate.GenerationConfig;
import dev.graft.core.generate.GenerationRequest;
import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.nn.ParameterValues;
import dev.graft.core.peft.LoraConfig;
import dev.graft.core.peft.Peft;
import dev.graft.core.peft.PeftFiles;
import dev.graft.core.peft.Target;
import dev.graft.core.tokenize.Encoding;
import dev.graft.serve.ServeConfig.AdapterBatching;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code serve-load --mode adapters}: batches of 32 whose rows name different LoRA adapters, run in
 * process (no HTTP) as the server's worker runs them, once per {@link AdapterBatching} mode: one
 * forward pass with per-row deltas (mixed) against one pass per adapter (grouped). Also the base model
 * alone and one adapter for the whole batch, as references.
 */
final class AdapterBench {
    private record Row(Object input, String adapter) {}

    private AdapterBench() {}

    /** Writes LoRA adapter {@code config} on the model in {@code model}, every B filled with seeded values. */
    static void writeAdapter(Path model, LoraConfig config, long seed, Path out) {
        boolean encoder = !(ModelConfigs.read(model) instanceof dev.graft.core.model.gpt2.Gpt2Config);
        try (AutoCloseable owner = encoder ? PretrainedEncoder.load(model, Device.cpu(), false) : PretrainedGpt2.load(model, Device.cpu(), false)) {
            Block block = owner instanceof PretrainedEncoder e ? e.model() : ((PretrainedGpt2) owner).model();
            Peft.apply(block, config, "default");
            SplittableRandom random = new SplittableRandom(seed);
            for (Map.Entry<String, Parameter> e : ParameterPaths.of(block).entrySet()) {
                if (e.getKey().contains(".lora_B.") || (config.trainHead() && e.getKey().startsWith("classifier."))) {
                    NDArray target = e.getValue().getArray();
                    float[] v = new float[(int) target.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) ((random.nextDouble() * 2 - 1) * 0.5);
                    }
                    try (NDManager scratch = target.getManager().newSubManager()) {
                        ParameterValues.assign(target, scratch.create(v, target.getShape()));
                    }
                }
            }
            PeftFiles.save(block, config, "default", out, model.toString());
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** The run of {@code serve-load --mode adapters}; notes (samples cut to fit the model) on {@code log}. */
    static ObjectNode run(Path model, int numAdapters, int steps, int maxTokens, PrintStream log) {
        boolean classify = ModelConfigs.read(model) instanceof BertConfig
                || ModelConfigs.read(model) instanceof dev.graft.core.model.distilbert.DistilBertConfig;
        Path root;
        try {
            root = Files.createTempDirectory("graft-adapter-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return measure(model, classify, root, numAdapters, steps, maxTokens, log);
        } finally {
            // The adapter files only feed the registry: serve-load leaves no adapter directories behind.
            LoadModels.deleteTree(root);
        }
    }

    /** Writes {@code numAdapters} adapters under {@code root}, loads them and times the batchings. */
    private static ObjectNode measure(Path model, boolean classify, Path root, int numAdapters, int steps, int maxTokens,
            PrintStream log) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < numAdapters; k++) {
            String name = "lora" + k;
            LoraConfig c = classify ? LoraConfig.of(8, 16f, Target.QUERY, Target.VALUE) : LoraConfig.of(8, 16f, Target.FUSED_QKV);
            writeAdapter(model, c, 100 + k, root.resolve(name));
            names.add(name);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("mode", "adapters").put("model", model.toString()).put("task", classify ? "classify" : "generate")
                .put("adapters", numAdapters).put("rank", 8).put("batch_size", 32).put("steps", steps);
        try (AutoCloseable served = classify ? Classifier.load(model, Device.cpu()) : Completer.load(model, Device.cpu())) {
            ReentrantLock lock = new ReentrantLock();
            AdapterRegistry registry = new AdapterRegistry(root, LoraRuntime.of(served), lock);
            registry.loadAll();
            List<Object> inputs = inputs(served, classify, model, maxTokens, log);
            ArrayNode runs = out.putArray("runs");
            // Rows cycle through the base model and every adapter.
            List<String> mixedRows = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                mixedRows.add(i % (numAdapters + 1) == 0 ? null : names.get(i % (numAdapters + 1) - 1));
            }
            List<String> baseRows = java.util.Collections.nCopies(32, null);
            List<String> oneRows = java.util.Collections.nCopies(32, names.get(0));
            double mixed = 0;
            double grouped = 0;
            for (AdapterBatching mode : AdapterBatching.values()) {
                for (var entry : List.of(Map.entry("base", baseRows), Map.entry("one_adapter", oneRows), Map.entry("mixed_rows", mixedRows))) {
                    double perSecond = time(served, classify, registry, lock, mode, inputs, entry.getValue(), steps);
                    runs.addObject().put("batching", mode.name().toLowerCase()).put("rows", entry.getKey())
                            .put(classify ? "requests_per_s" : "tokens_per_s", LoadGenerator.round(perSecond));
                    if (entry.getKey().equals("mixed_rows")) {
                        if (mode == AdapterBatching.MIXED) {
                            mixed = perSecond;
                        } else {
                            grouped = perSecond;
                        }
                    }
                }
            }
            out.put("mixed_vs_grouped_on_mixed_rows", LoadGenerator.round(mixed / grouped));
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        return out;
    }

    /** One batch: the sample pairs (fitted to the classifier), or their premises as prompts of {@code maxTokens}. */
    private static List<Object> inputs(Object served, boolean classify, Path model, int maxTokens, PrintStream log) {
        List<Object> out = new ArrayList<>();
        if (classify) {
            Classifier c = (Classifier) served;
            LoadInputs.Samples pairs = LoadInputs.forClassifier(LoadInputs::pair, 32, "sample pairs", c, model, log);
            for (int i = 0; i < 32; i++) {
                out.add(c.encode(pairs.get(i).premise(), pairs.get(i).hypothesis(), "text"));
            }
            return out;
        }
        Completer c = (Completer) served;
        int longest = 0;
        for (int i = 0; i < 32; i++) {
            long[] ids = c.tokenizer().encode(LoadInputs.pair(i).premise()).ids();
            longest = Math.max(longest, ids.length);
            out.add(new GenerationRequest(ids, GenerationConfig.greedy(maxTokens)));
        }
        LoadInputs.checkGeneration(c.decoder(), longest, maxTokens, model);
        return out;
    }

    /** Requests/s (classification) or generated tokens/s (generation) over {@code steps} batches, after one warm-up batch. */
    private static double time(Object served, boolean classify, AdapterRegistry registry, ReentrantLock lock, AdapterBatching mode,
            List<Object> inputs, List<String> adapters, int steps) {
        AdapterBatches<Row> batches = new AdapterBatches<>(Row::adapter, registry, lock, mode);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            rows.add(new Row(inputs.get(i), adapters.get(i)));
        }
        long[] tokens = {0};
        AdapterBatches.Forward<Row> forward = (group, names) -> {
            if (classify) {
                return ((Classifier) served).probabilities(group.stream().map(r -> (Encoding) r.input()).toList(), names);
            }
            var results = ((Completer) served).generate(group.stream().map(r -> (GenerationRequest) r.input()).toList(), (row, token) -> {});
            results.forEach(r -> tokens[0] += r.generated().length);
            return results;
        };
        batches.run(rows, forward);
        tokens[0] = 0;
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            batches.run(rows, forward);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return classify ? rows.size() * steps / seconds : tokens[0] / seconds;
    }

}
