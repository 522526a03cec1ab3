package dev.graft.core.data;

import dev.graft.core.tokenize.TextTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code graft data stats}: reads NLI files through once, streaming, and counts what a user wants
 * to know before training: rows kept and skipped, labels, genres, and with a tokenizer the token
 * lengths and what padding batches would cost.
 */
public final class DataStats {
    private DataStats() {}

    public static StatsResult run(StatsConfig config) {
        List<StatsResult.FileStats> files = new ArrayList<>();
        ReadCounts total = ReadCounts.EMPTY;
        Map<String, Long> labels = new LinkedHashMap<>();
        for (NliLabel l : List.of(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION)) {
            labels.put(l.label(), 0L);
        }
        Map<String, Long> twoWay = new LinkedHashMap<>();
        twoWay.put(NliLabel.ENTAILMENT.label(), 0L);
        twoWay.put(NliLabel.NOT_ENTAILMENT.label(), 0L);
        Map<String, Long> genres = new TreeMap<>();
        long unlabelled = 0;
        Lengths lengths = config.tokenizer() == null ? null : new Lengths();
        for (Path file : config.files()) {
            try (NliReader reader = NliReader.open(file, config.read())) {
                while (reader.hasNext()) {
                    NliExample e = reader.next();
                    if (e.hasLabel()) {
                        labels.merge(e.label().label(), 1L, Long::sum);
                        twoWay.merge(e.label().twoWay().label(), 1L, Long::sum);
                    } else {
                        unlabelled++;
                    }
                    if (e.genre() != null) {
                        genres.merge(e.genre(), 1L, Long::sum);
                    }
                    if (lengths != null) {
                        lengths.add(config.tokenizer(), e);
                    }
                }
                files.add(new StatsResult.FileStats(file, reader.format(), reader.counts()));
                total = total.plus(reader.counts());
            }
        }
        LabelOrder order = total.integerLabelRows() > 0 ? config.read().labelOrder() : null;
        StatsResult.TokenStats tokens = lengths == null ? null : lengths.stats(config.tokenizer(), config.batchSize());
        return new StatsResult(files, total, labels, twoWay, unlabelled, genres, order, tokens);
    }

    /** Token lengths of every example, three ints each: 393k MultiNLI rows take about 5 MB. */
    private static final class Lengths {
        private int[] premise = new int[1024];
        private int[] hypothesis = new int[1024];
        private int[] pair = new int[1024];
        private int n;
        private long atMax;

        void add(TextTokenizer tok, NliExample e) {
            if (n == pair.length) {
                premise = Arrays.copyOf(premise, 2 * n);
                hypothesis = Arrays.copyOf(hypothesis, 2 * n);
                pair = Arrays.copyOf(pair, 2 * n);
            }
            premise[n] = tok.encode(e.premise()).length();
            hypothesis[n] = tok.encode(e.hypothesis()).length();
            pair[n] = tok.encodePair(e.premise(), e.hypothesis()).length();
            if (pair[n] >= tok.maxLength()) {
                atMax++;
            }
            n++;
        }

        StatsResult.TokenStats stats(TextTokenizer tok, int batchSize) {
            int[] pairs = Arrays.copyOf(pair, n);
            return new StatsResult.TokenStats(Percentiles.of(Arrays.copyOf(premise, n)),
                    Percentiles.of(Arrays.copyOf(hypothesis, n)), Percentiles.of(pairs), tok.maxLength(), atMax, batchSize,
                    BatchPlan.of(pairs, BatchConfig.shuffled(batchSize, 0), 0).paddingRatio(),
                    BatchPlan.of(pairs, BatchConfig.training(batchSize, 0), 0).paddingRatio());
        }
    }
}
