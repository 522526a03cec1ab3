package dev.graft.core.tokenize.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Trainer timings on one corpus, wall-clock seconds including reading the corpus and writing the
 * model files.
 *
 * @param corpusMb corpus size in MiB
 * @param vocab vocabulary size asked of every trainer
 * @param graftBpeSeconds our byte-level BPE trainer
 * @param graftWordPieceSeconds our WordPiece trainer
 * @param spmBpeSeconds {@code spm_train --model_type=bpe}, NaN when it did not run
 * @param ratio {@code graftBpeSeconds / spmBpeSeconds}: below 1 means we are faster; NaN without spm
 * @param threads threads given to both
 * @param spm how spm_train was found and ran ("/usr/bin/spm_train", or why it did not run)
 */
public record BenchResult(double corpusMb, int vocab, double graftBpeSeconds, double graftWordPieceSeconds,
        double spmBpeSeconds, double ratio, int threads, String spm) {

    /** One JSON line; a time or ratio that was not measured is null. */
    public String toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("corpus_mb", round(corpusMb, 2));
        n.put("vocab", vocab);
        n.put("graft_bpe_s", round(graftBpeSeconds, 3));
        n.put("graft_wordpiece_s", round(graftWordPieceSeconds, 3));
        putOrNull(n, "spm_bpe_s", round(spmBpeSeconds, 3));
        putOrNull(n, "ratio", round(ratio, 3));
        n.put("threads", threads);
        n.put("spm", spm);
        return n.toString();
    }

    private static void putOrNull(ObjectNode n, String key, double value) {
        if (Double.isFinite(value)) {
            n.put(key, value);
        } else {
            n.putNull(key);
        }
    }

    private static double round(double x, int places) {
        double scale = Math.pow(10, places);
        return Double.isFinite(x) ? Math.round(x * scale) / scale : x;
    }
}
