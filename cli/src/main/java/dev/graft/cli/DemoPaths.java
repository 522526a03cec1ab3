package dev.graft.cli;

import dev.graft.core.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where each of the demo's artefacts goes, all under one root. */
record DemoPaths(Path root) {
    Path data() {
        return root.resolve("data");
    }

    Path corpus() {
        return root.resolve("corpus.txt");
    }

    Path tokenizer() {
        return root.resolve("tokenizer");
    }

    /** {@code graft pretrain}'s output directory. */
    Path pretrainRun() {
        return root.resolve("pretrain");
    }

    /** The pretrained encoder (HF directory with the tokenizer files). */
    Path pretrained() {
        return pretrainRun().resolve("model");
    }

    Path run(String method) {
        return root.resolve("runs").resolve(method);
    }

    Path eval(String method) {
        return root.resolve("eval").resolve(method);
    }

    /** The adapters directory for {@code graft serve --adapters}: one sub-directory per adapter. */
    Path adapters() {
        return root.resolve("adapters");
    }

    /**
     * The base model the LoRA adapter sits on: the pretrained encoder with the run's starting classifier
     * ({@code graft finetune} writes it as OUT/base when the model it starts from has none).
     */
    Path servingBase() {
        return run("lora").resolve("base");
    }

    /** Copies an adapter directory to {@code adapters/NAME}, where {@code graft serve --adapters} finds it. */
    void publishAdapter(String name, Path from) {
        Path to = adapters().resolve(name);
        try {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the adapter " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Creates the root, replacing an earlier demo's output (only if it looks like one). */
    void prepare() {
        try {
            if (Files.exists(root)) {
                if (!Files.isDirectory(root)) {
                    throw new IllegalArgumentException("--out " + root + " exists and is not a directory");
                }
                boolean empty;
                try (Stream<Path> s = Files.list(root)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty && !Files.exists(root.resolve("demo.json")) && !Files.exists(data().resolve("train.jsonl"))) {
                    throw new IllegalArgumentException("--out " + root + " is not empty and holds no earlier demo;"
                            + " choose another directory");
                }
                FileTrees.delete(root);
            }
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + root + ": " + e.getMessage(), e);
        }
    }
}
