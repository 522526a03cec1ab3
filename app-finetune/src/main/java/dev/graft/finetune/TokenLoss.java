package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.graft.core.data.LmBatch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Token-level cross-entropy with HF's ignore index: positions whose target is {@link LmBatch#IGNORE}
 * contribute nothing, as {@code CrossEntropyLoss(ignore_index=-100)} with a sum reduction.
 */
final class TokenLoss {
    private TokenLoss() {}

    /** A batch as a token-level task scores it: logits (N, V) and targets (N). */
    record Scored(NDArray logits, NDArray targets) {}

    /**
     * Dev figures of a token-level task: loss per target token, its perplexity, and accuracy over the
     * target tokens, with dropout off.
     */
    static <B> Evaluation evaluate(NDManager manager, Batches<B> dev, TrainTask<B> task,
            BiFunction<NDManager, B, Scored> score) {
        double lossSum = 0;
        long correct = 0;
        long terms = 0;
        int rows = 0;
        for (B b : dev.epoch(0, 0)) {
            try (NDManager scope = manager.newSubManager()) {
                Scored s = score.apply(scope, b);
                lossSum += summed(s.logits(), s.targets()).getFloat();
                correct += correct(s.logits(), s.targets());
                terms += task.terms(b);
                rows += task.rows(b);
            }
        }
        double loss = terms == 0 ? Double.NaN : lossSum / terms;
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("perplexity", Math.exp(loss));
        extra.put("tokens", (double) terms);
        return new Evaluation(loss, terms == 0 ? Double.NaN : (double) correct / terms, rows, extra);
    }

    /**
     * @param logits (N, V)
     * @param targets (N) int64, {@link LmBatch#IGNORE} where no loss is taken
     * @return the summed negative log-likelihood of the targets, a scalar
     */
    static NDArray summed(NDArray logits, NDArray targets) {
        NDArray keep = targets.neq(LmBatch.IGNORE); // (N) bool
        NDArray safe = targets.mul(keep.toType(DataType.INT64, false)); // ignored positions point at id 0
        NDArray picked = logits.logSoftmax(1).gather(safe.expandDims(1), 1).squeeze(1); // (N)
        return picked.mul(keep.toType(DataType.FLOAT32, false)).sum().neg();
    }

    /** Positions whose arg-max logit is the target, among those that carry one. */
    static long correct(NDArray logits, NDArray targets) {
        NDArray keep = targets.neq(LmBatch.IGNORE);
        return logits.argMax(1).eq(targets).logicalAnd(keep).sum().getLong();
    }

    static long terms(long[][] targets) {
        long n = 0;
        for (long[] row : targets) {
            for (long t : row) {
                n += t == LmBatch.IGNORE ? 0 : 1;
            }
        }
        return n;
    }
}
