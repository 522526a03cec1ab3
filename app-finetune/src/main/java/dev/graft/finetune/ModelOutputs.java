package dev.graft.finetune;

import dev.graft.core.io.FileTrees;
import dev.graft.core.tokenize.TokenizerFiles;
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
                PeftFiles.save(encoder.model(), p.config(), PeftMethod.ADAPTER, dir, base(config).toString());
            } else {
                saveHf(encoder, config, dir);
            }
        });
    }

    /** An HF directory with the tokenizer files beside the weights, so eval and serve load it alone. */
    static void saveHf(PretrainedEncoder encoder, FinetuneConfig config, Path dir) {
        encoder.save(dir);
        TokenizerFiles.copyInto(config.tokenizerDir(), dir);
    }

    /**
     * The base model an adapter of this run sits on: {@code --model}, or {@code out/base} when {@code --model}
     * had no classifier (a masked-LM checkpoint from {@code graft pretrain}). The new classifier and a
     * pooler the checkpoint lacked start from seeded values the adapter does not hold, so that start is
     * saved once as a classifier checkpoint and the adapter names it as {@code base_model_name_or_path}.
     */
    static Path base(FinetuneConfig config) {
        return PretrainedEncoder.hasClassifier(config.model()) ? config.model() : config.out().resolve("base");
    }

    /**
     * {@code out/merged}: the base model loaded afresh, {@code best/} applied and folded into its weights
     * ({@link Peft#mergeAndUnload}), saved as a plain HF checkpoint.
     */
    static void writeMerged(FinetuneConfig config, Path out, PrintStream log) {
        Path best = out.resolve("best");
        try (PretrainedEncoder base = PretrainedEncoder.load(base(config), Device.cpu(), false)) {
            PeftFiles.load(base.model(), best, PeftMethod.ADAPTER);
            Peft.mergeAndUnload(base.model());
            replace(out.resolve("merged"), dir -> saveHf(base, config, dir));
        }
        log.println("merged: " + best + " folded into " + base(config) + ", written to " + out.resolve("merged"));
    }

    /** Writes a directory through {@code write} under a temporary name, then puts it in place of {@code target}. */
    static void replace(Path target, Consumer<Path> write) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        FileTrees.delete(tmp);
        write.accept(tmp);
        FileTrees.delete(target);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + target, e);
        }
    }
}
