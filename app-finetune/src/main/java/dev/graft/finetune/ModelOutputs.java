package dev.graft.finetune;

import ai.djl.Device;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.peft.Peft;
import dev.graft.core.peft.PeftFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * What a run leaves to be loaded: {@code best/} and, with {@code --merge}, {@code merged/}. Each is
 * written under a temporary name and renamed, so a crash leaves the previous one whole.
 *
 * <ul>
 *   <li>head, full, features with CLS pooling: {@code best/} is an HF directory (config.json, model.safetensors);
 *   <li>PEFT methods: {@code best/} is a PEFT adapter directory (adapter_config.json,
 *       adapter_model.safetensors with the classifier as modules_to_save) for the base {@code --model};
 *   <li>features with mean pooling: {@code best/} holds the softmax layer ({@link FeatureHeadFile}).
 * </ul>
 */
final class ModelOutputs {
    private ModelOutputs() {}

    /** run.json's {@code best_format}: {@code hf}, {@code peft_adapter} or {@code features_head}. */
    static String bestFormat(FinetuneConfig config) {
        String method = Method.canonical(config.method());
        if (method.equals("head") || method.equals("full")) {
            return "hf";
        }
        if (method.equals("features")) {
            return config.methodOptions().poolingOrDefault() == MethodOptions.Pooling.CLS ? "hf" : "features_head";
        }
        return "peft_adapter";
    }

    static void saveBest(PretrainedEncoder encoder, Method method, FinetuneConfig config, Path out) {
        replace(out.resolve("best"), dir -> {
            if (method instanceof PeftMethod p) {
                PeftFiles.save(encoder.model(), p.config(), PeftMethod.ADAPTER, dir, config.model().toString());
            } else {
                encoder.save(dir);
            }
        });
    }

    /**
     * {@code out/merged}: the base model loaded afresh, {@code best/} applied and folded into its weights
     * ({@link Peft#mergeAndUnload}), saved as a plain HF checkpoint.
     */
    static void writeMerged(FinetuneConfig config, Path out, PrintStream log) {
        Path best = out.resolve("best");
        try (PretrainedEncoder base = PretrainedEncoder.load(config.model(), Device.cpu(), false)) {
            PeftFiles.load(base.model(), best, PeftMethod.ADAPTER);
            Peft.mergeAndUnload(base.model());
            replace(out.resolve("merged"), base::save);
        }
        log.println("merged: " + best + " folded into " + config.model() + ", written to " + out.resolve("merged"));
    }

    /** Writes a directory through {@code write} under a temporary name, then puts it in place of {@code target}. */
    static void replace(Path target, Consumer<Path> write) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        CheckpointStore.deleteTree(tmp);
        write.accept(tmp);
        CheckpointStore.deleteTree(target);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + target, e);
        }
    }
}
