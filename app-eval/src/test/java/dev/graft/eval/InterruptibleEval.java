package dev.graft.eval;

import java.nio.file.Path;
import java.util.List;

/** The child JVM of {@link InterruptedRunTest}: a slow rigged evaluation of one file. */
public final class InterruptibleEval {
    private InterruptibleEval() {}

    /** @param args output directory, data file */
    public static void main(String[] args) {
        List<String> head = List.of("entailment", "neutral", "contradiction");
        Fixtures.RiggedPredictor slow = new Fixtures.RiggedPredictor(head,
                e -> Fixtures.oneHot(head.indexOf(e.label().label()), 3), 50);
        EvalConfig config = EvalConfig.of(List.of(Path.of(args[1])), Path.of(args[0])).withBatchSize(2);
        new EvalJob(config, new Fixtures.WhitespaceTokenizer(), slow, Fixtures.info("slow"), EvalProgress.NONE).run();
    }
}
