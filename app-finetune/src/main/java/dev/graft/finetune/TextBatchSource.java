package dev.graft.finetune;

import dev.graft.core.data.BatchConfig;
import dev.graft.core.data.BatchPlan;
import dev.graft.core.data.TextExample;
import dev.graft.core.tokenize.Encoding;
import dev.graft.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single texts as {@code [CLS] text [SEP]} batches (token types 0), cut by {@link BatchPlan} as sentence
 * pairs are: lengths are measured once, so each epoch's bucketed order comes without encoding, and rows
 * are encoded again batch by batch, never the whole set at once.
 */
final class TextBatchSource implements BatchSource {
    private final List<TextExample> rows;
    private final TextTokenizer tokenizer;
    private final BatchConfig config;
    private final Map<String, Integer> classOf;
    private final int[] lengths;

    TextBatchSource(List<TextExample> rows, TextTokenizer tokenizer, BatchConfig config, Map<String, Integer> classOf) {
        this.rows = List.copyOf(rows);
        this.tokenizer = tokenizer;
        this.config = config;
        this.classOf = Map.copyOf(classOf);
        this.lengths = this.rows.stream().mapToInt(r -> tokenizer.encode(r.text()).length()).toArray();
    }

    @Override
    public int batches(int epoch) {
        return BatchPlan.of(lengths, config, epoch).size();
    }

    @Override
    public Iterable<TrainBatch> epoch(int epoch, int from) {
        // a resumed epoch skips plan entries, not encodings: the plan alone fixes which rows come next
        List<int[]> plan = BatchPlan.of(lengths, config, epoch).batches();
        return () -> plan.subList(Math.min(from, plan.size()), plan.size()).stream().map(this::batch).iterator();
    }

    private TrainBatch batch(int[] indices) {
        List<Encoding> encodings = new ArrayList<>(indices.length);
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            TextExample e = rows.get(indices[i]);
            encodings.add(tokenizer.encode(e.text()));
            labels[i] = classOf.get(e.label());
        }
        return TrainBatch.pad(encodings, tokenizer.padId(), labels);
    }
}
