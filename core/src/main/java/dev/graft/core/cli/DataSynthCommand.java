package dev.graft.core.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.data.DataJson;
import dev.graft.core.data.synth.SynthConfig;
import dev.graft.core.data.synth.SynthJob;
import dev.graft.core.data.synth.SynthResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graft data synth}: the synthetic NLI set, the data Graft trains on when given none. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write a synthetic NLI set (SNLI jsonl) whose labels are right by construction.",
        description = {
            "Write a synthetic NLI set, train.jsonl, dev.jsonl and test.jsonl, in SNLI 1.0 jsonl layout (with one extra field, 'phenomenon'). "
                    + "The sentences describe a small world of people, animals, actions, objects, places, colours and numbers, "
                    + "and each label is right by construction:",
            "",
            "  entailment     hypernyms, dropped modifiers, paraphrase,",
            "                 an alternative that excludes a negated hypothesis",
            "  contradiction  antonyms, negation, exclusive attributes, numbers",
            "  neutral        added facts the premise does not settle, lexical",
            "                 overlap without entailment (HANS, McCoy et al. 2019)",
            "",
            "Hypotheses are drawn before their label, so a hypothesis-only model stays at chance. Labels are balanced; "
                    + "dev and test share no hypothesis with train. Same seed, same files."
        })
public final class DataSynthCommand implements Callable<Integer> {
    @Option(names = "--n", paramLabel = "N", defaultValue = "10000",
            description = "Training pairs. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--eval-n", paramLabel = "M",
            description = "Pairs in each of dev and test. Default: N/10, at least 30.")
    Integer evalN;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into (created if missing).")
    Path out;

    @Option(names = {"-v", "--verbose"}, description = "Full stack traces on errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SynthConfig config = evalN == null ? SynthConfig.of(n, seed, out) : new SynthConfig(n, evalN, evalN, seed, out);
        SynthResult r = SynthJob.run(config);
        ObjectNode json = DataJson.MAPPER.createObjectNode();
        json.put("seed", r.seed());
        ObjectNode splits = json.putObject("splits");
        r.splits().forEach((name, s) -> {
            ObjectNode n = splits.putObject(name);
            n.put("file", s.file().toString());
            n.put("rows", s.rows());
            n.set("labels", DataJson.MAPPER.valueToTree(s.labels()));
        });
        ObjectNode phenomena = json.putObject("phenomena");
        r.phenomena().forEach((p, count) -> phenomena.put(p.key(), count));
        json.put("redrawn", r.redrawn());
        spec.commandLine().getOut().println(DataJson.PRETTY.writeValueAsString(json));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
