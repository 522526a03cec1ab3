package dev.graft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code graft demo}: the whole suite on built-in data, as a newcomer would run it by hand. Every stage
 * is the launcher's own command with its own progress bar, so the demo shows (and tests) exactly the
 * commands the README documents; this class only chooses their arguments, times them and sums up.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole suite on built-in data, with nothing downloaded:",
            "  1. synthesise an NLI set (graft data synth)",
            "  2. train a WordPiece tokenizer on its sentences (graft tokenizer train)",
            "  3. MLM-pretrain a small BERT from scratch (graft pretrain)",
            "  4. fine-tune it three ways (graft finetune): full and LoRA side by side, one core each"
                + " (their output goes to OUT/runs/full.log and OUT/runs/lora.log), then head-only",
            "  5. evaluate all three on the test split with probes (graft eval) and compare them",
            "  6. print how to serve the LoRA model, with a ready curl line.",
            "Every artefact goes under --out; the figures are also written to OUT/demo.json.",
            "About 3.5 minutes on 2 cores; --tiny runs the same path on less data in under half a minute.",
            "Exit status: 0 all ran and every goal was met (--tiny reports the goals but enforces none), 3 a goal was missed,"
                + " 1 a stage failed."})
public final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "graft-demo",
            description = "Output directory (created; an earlier demo there is replaced, unless it also holds files"
                    + " the demo did not write). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--tiny", description = "Same path on a smaller set and model (the CI variant).")
    boolean tiny;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every stage. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--quiet", description = "No progress bars (stage lines and the summary still print).")
    boolean quiet;

    @Override
    public Integer call() {
        DemoPlan plan = tiny ? DemoPlan.tiny() : DemoPlan.standard();
        Path root = out.toAbsolutePath().normalize();
        DemoPaths p = new DemoPaths(root);
        p.prepare();
        PrintStream log = System.err;
        long start = System.nanoTime();
        DemoStages stages = new DemoStages(log, 4 + 2 * plan.runs().size());

        stages.run("synthesise NLI data", "data", "synth", "--n", plan.trainPairs(), "--eval-n", plan.evalPairs(),
                "--seed", seed, "--out", p.data());
        writeCorpus(p.data().resolve("train.jsonl"), p.corpus());
        stages.run("train a WordPiece tokenizer", withQuiet(List.of("tokenizer", "train", "--type", "wordpiece",
                "--vocab-size", plan.vocab(), "--lowercase", "--strip-accents", "--input", p.corpus(), "--output",
                p.tokenizer(), "--max-length", plan.maxLength())));
        stages.run("MLM-pretrain a small BERT", withQuiet(plan.pretrainArgs(p, seed)));
        List<DemoParallel.Job> together = plan.runs().stream().filter(DemoPlan.Run::together).map(run -> job(plan, p, run)).toList();
        if (!together.isEmpty()) {
            stages.runTogether(together, quiet);
        }
        for (DemoPlan.Run run : plan.runs()) {
            if (!run.together()) {
                stages.run("fine-tune: " + run.method(), withQuiet(plan.finetuneArgs(p, run, seed)));
            }
        }
        p.publishAdapter("lora", p.run("lora").resolve("best"));
        List<String> compare = new ArrayList<>(List.of("eval", "compare", "--out", p.root().toString()));
        for (DemoPlan.Run run : plan.runs()) {
            List<Object> args = new ArrayList<>(List.of("eval", "--data", p.data().resolve("test.jsonl"),
                    "--out", p.eval(run.method()), "--device", "cpu", "--bootstrap", 1000, "--seed", seed));
            args.addAll(plan.evalModelArgs(p, run));
            stages.run("evaluate: " + run.method(), withQuiet(args));
            compare.add(p.eval(run.method()).toString());
        }
        stages.run("compare the three runs", compare.toArray());

        DemoSummary summary = DemoSummary.read(p, plan, (System.nanoTime() - start) / 1e9);
        summary.write(p.root().resolve("demo.json"), !tiny);
        PrintStream o = System.out;
        o.println();
        o.print(summary.table());
        o.println();
        o.print(summary.goals(!tiny));
        o.println();
        o.println("Serve the LoRA model (base + adapter, loopback only):");
        o.println("  bin/graft serve --model " + p.servingBase() + " --adapters " + p.adapters() + " --port 8080");
        o.println("and in another terminal:");
        o.println("  curl -s http://127.0.0.1:8080/v1/classify -H 'Content-Type: application/json' \\");
        o.println("    -d '{\"premise\": \"" + summary.samplePremise() + "\", \"hypothesis\": \""
                + summary.sampleHypothesis() + "\", \"adapter\": \"lora\"}'");
        o.println();
        o.println("Everything is under " + p.root() + " (report: " + p.eval("lora").resolve("report.html")
                + ", comparison: " + p.root().resolve("compare.html") + ")");
        return summary.allGoalsMet() || tiny ? 0 : 3;
    }

    /** A fine-tune run in a child JVM: its console goes to {@code runs/<method>.log}, so no progress bar. */
    private DemoParallel.Job job(DemoPlan plan, DemoPaths p, DemoPlan.Run run) {
        List<String> args = new ArrayList<>(plan.finetuneArgs(p, run, seed).stream().map(String::valueOf).toList());
        args.add("--quiet");
        Path dir = p.run(run.method());
        return new DemoParallel.Job("fine-tune: " + run.method(), dir.resolveSibling(run.method() + ".log"),
                dir.resolve("metrics.jsonl"), plan.steps(run), args);
    }

    private Object[] withQuiet(List<Object> args) {
        List<Object> a = new ArrayList<>(args);
        if (quiet) {
            a.add("--quiet");
        }
        return a.toArray();
    }

    /** Both sentences of every training pair, one per line: the tokenizer's and the pretraining's text. */
    static void writeCorpus(Path trainJsonl, Path corpus) {
        List<String> lines = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(trainJsonl, StandardCharsets.UTF_8)) {
                JsonNode n = JSON.readTree(line);
                lines.add(n.get("sentence1").asText());
                lines.add(n.get("sentence2").asText());
            }
            Files.write(corpus, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the corpus " + corpus + ": " + e.getMessage(), e);
        }
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
