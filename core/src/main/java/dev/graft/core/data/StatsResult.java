package dev.graft.core.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code graft data stats} found.
 *
 * @param files per file: its format and counts
 * @param counts all files together
 * @param labels examples per gold label name, entailment, neutral, contradiction first
 * @param twoWay the same in the 2-way view (entailment, not_entailment)
 * @param unlabelled examples from files without labels
 * @param genres examples per MultiNLI genre; empty where the files have none
 * @param integerLabelOrder the order integer labels were read with; null when no label was an integer
 * @param tokens token lengths and padding; null without a tokenizer
 */
public record StatsResult(List<FileStats> files, ReadCounts counts, Map<String, Long> labels, Map<String, Long> twoWay,
        long unlabelled, Map<String, Long> genres, LabelOrder integerLabelOrder, TokenStats tokens) {

    public record FileStats(Path file, NliFormat format, ReadCounts counts) {}

    /**
     * @param premise tokens per premise alone, special tokens included
     * @param hypothesis tokens per hypothesis alone
     * @param pair tokens per encoded pair, as a model sees it
     * @param maxLength the tokenizer's limit
     * @param pairsAtMaxLength pairs whose encoding reached the limit (so were probably truncated)
     * @param batchSize batch size of the padding figures
     * @param paddingShuffled share of padding in shuffled batches
     * @param paddingBucketed share of padding with length bucketing ({@link BatchConfig#training})
     */
    public record TokenStats(Percentiles premise, Percentiles hypothesis, Percentiles pair, int maxLength,
            long pairsAtMaxLength, int batchSize, double paddingShuffled, double paddingBucketed) {}

    /** The statistics as printed: field names in camelCase, counts by name. */
    public ObjectNode toJson() {
        ObjectNode root = DataJson.MAPPER.createObjectNode();
        var list = root.putArray("files");
        for (FileStats f : files) {
            ObjectNode n = list.addObject();
            n.put("file", f.file().toString());
            n.put("format", f.format().cliName());
            counts(n, f.counts());
        }
        counts(root, counts);
        if (!counts.badRows().isEmpty()) {
            var bad = root.putArray("badRows");
            counts.badRows().forEach(bad::add);
        }
        root.set("labels", DataJson.MAPPER.valueToTree(labels));
        root.set("labels2way", DataJson.MAPPER.valueToTree(twoWay));
        root.put("unlabelled", unlabelled);
        if (integerLabelOrder != null) {
            ObjectNode i = root.putObject("integerLabels");
            i.put("rows", counts.integerLabelRows());
            var order = i.putArray("order");
            integerLabelOrder.labels().forEach(l -> order.add(l.label()));
        }
        if (!genres.isEmpty()) {
            root.set("genres", DataJson.MAPPER.valueToTree(genres));
        }
        if (tokens != null) {
            ObjectNode t = root.putObject("tokens");
            t.set("premise", DataJson.MAPPER.valueToTree(tokens.premise()));
            t.set("hypothesis", DataJson.MAPPER.valueToTree(tokens.hypothesis()));
            t.set("pair", DataJson.MAPPER.valueToTree(tokens.pair()));
            t.put("maxLength", tokens.maxLength());
            t.put("pairsAtMaxLength", tokens.pairsAtMaxLength());
            ObjectNode p = t.putObject("padding");
            p.put("batchSize", tokens.batchSize());
            p.put("shuffled", round(tokens.paddingShuffled()));
            p.put("bucketed", round(tokens.paddingBucketed()));
        }
        return root;
    }

    private static void counts(ObjectNode n, ReadCounts c) {
        n.put("rowsRead", c.rowsRead());
        n.put("rowsUsed", c.rowsUsed());
        ObjectNode skipped = n.putObject("skipped");
        c.skipped().forEach((reason, count) -> skipped.put(reason.key(), count));
    }

    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }
}
