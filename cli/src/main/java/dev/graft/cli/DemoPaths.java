package dev.graft.cli;

import dev.graft.core.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * What a demo writes directly under the root; {@link #prepare} deletes only these. Each is one of the
     * paths above or the output of a stage ({@code graft eval compare} writes compare.md and compare.html).
     */
    static final Set<String> TOP_LEVEL = Set.of("data", "corpus.txt", "tokenizer", "pretrain", "runs", "eval",
            "adapters", "demo.json", "compare.md", "compare.html");

    /**
     * Creates the root, replacing an earlier demo's output (only if it looks like one). An earlier demo is
     * deleted entry by entry, and only when every entry is the demo's own: a user who keeps notes or an
     * experiment of their own next to it (OUT/mynotes.txt, OUT/runs/my-run) would otherwise lose them.
     */
    void prepare() {
        try {
            if (Files.exists(root)) {
                if (!Files.isDirectory(root)) {
                    throw new IllegalArgumentException("--out " + root + " exists and is not a directory");
                }
                List<String> entries = names(root);
                if (!entries.isEmpty() && !Files.exists(root.resolve("demo.json"))
                        && !Files.exists(data().resolve("train.jsonl"))) {
                    throw new IllegalArgumentException("--out " + root + " is not empty and holds no earlier demo;"
                            + " choose another directory");
                }
                List<String> foreign = foreign();
                if (!foreign.isEmpty()) {
                    throw new IllegalArgumentException("--out " + root + " holds an earlier demo and also files"
                            + " the demo did not write (" + String.join(", ", foreign)
                            + "); move them or choose another --out");
                }
                for (String name : entries) {
                    FileTrees.delete(root.resolve(name));
                }
            }
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Entries (relative to the root) that no demo writes: unknown top-level names, and inside runs/,
     * eval/ and adapters/ (the directories a user is likeliest to add to) names that are not a run's.
     */
    List<String> foreign() throws IOException {
        List<String> entries = names(root);
        Set<String> methods = new TreeSet<>();
        for (DemoPlan plan : List.of(DemoPlan.standard(), DemoPlan.tiny())) {
            plan.runs().forEach(r -> methods.add(r.method()));
        }
        Set<String> runs = new TreeSet<>(methods);
        methods.forEach(m -> runs.add(m + ".log"));
        List<String> foreign = new ArrayList<>();
        for (String name : entries) {
            if (!TOP_LEVEL.contains(name)) {
                foreign.add(name);
            }
        }
        foreignIn("runs", runs, foreign);
        foreignIn("eval", methods, foreign);
        foreignIn("adapters", Set.of("lora"), foreign);
        return foreign;
    }

    private void foreignIn(String dir, Set<String> known, List<String> foreign) throws IOException {
        Path d = root.resolve(dir);
        if (!Files.isDirectory(d)) {
            return;
        }
        for (String name : names(d)) {
            if (!known.contains(name)) {
                foreign.add(dir + "/" + name);
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
