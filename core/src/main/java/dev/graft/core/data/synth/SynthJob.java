package dev.graft.core.data.synth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.data.DataJson;
import dev.graft.core.data.NliLabel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code graft data synth}: writes train, dev and test in SNLI 1.0 jsonl layout. Labels are balanced
 * exactly (shuffled thirds); no hypothesis appears in two splits, so dev and test are new content,
 * not reworded training rows.
 */
public final class SynthJob {
    /** Consecutive repeats after which the world is taken to be exhausted. */
    private static final int MAX_REDRAWS = 10_000;

    private static final List<NliLabel> LABELS = List.of(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION);

    private SynthJob() {}

    public static SynthResult run(SynthConfig config) {
        SynthGenerator generator = new SynthGenerator(config.seed());
        Map<String, String> hypothesisSplit = new HashMap<>();
        Set<String> pairs = new HashSet<>();
        Map<Phenomenon, Long> phenomena = new EnumMap<>(Phenomenon.class);
        Map<String, SynthResult.Split> splits = new LinkedHashMap<>();
        long redrawn = 0;
        try {
            Files.createDirectories(config.out());
        } catch (IOException e) {
            throw new UncheckedIOException(config.out() + ": cannot create the output directory: " + e.getMessage(), e);
        }
        int[] sizes = {config.train(), config.dev(), config.test()};
        String[] names = {"train", "dev", "test"};
        for (int s = 0; s < names.length; s++) {
            String split = names[s];
            Path file = config.out().resolve(split + ".jsonl");
            Path tmp = config.out().resolve(split + ".jsonl.tmp");
            Map<String, Long> labels = new LinkedHashMap<>();
            LABELS.forEach(l -> labels.put(l.label(), 0L));
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                List<NliLabel> order = balanced(sizes[s], generator.random());
                for (int i = 0; i < order.size(); i++) {
                    SynthPair pair = null;
                    for (int tries = 0; pair == null; tries++) {
                        if (tries == MAX_REDRAWS) {
                            throw new IllegalStateException("synth: " + MAX_REDRAWS + " draws in a row repeated earlier pairs"
                                    + " after " + i + " " + split + " pairs; the small world holds no more distinct pairs,"
                                    + " ask for fewer");
                        }
                        SynthPair p = generator.next(order.get(i));
                        String owner = hypothesisSplit.putIfAbsent(p.hypothesis().text(), split);
                        if ((owner == null || owner.equals(split))
                                && pairs.add(p.premise().text() + "\t" + p.hypothesis().text())) {
                            pair = p;
                        } else {
                            redrawn++;
                        }
                    }
                    String id = "synth-" + split + "-" + i;
                    w.write(DataJson.MAPPER.writeValueAsString(snliRow(pair, id)));
                    w.write('\n');
                    labels.merge(pair.label().label(), 1L, Long::sum);
                    phenomena.merge(pair.phenomenon(), 1L, Long::sum);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(tmp + ": cannot write: " + e.getMessage(), e);
            }
            move(tmp, file);
            splits.put(split, new SynthResult.Split(file, sizes[s], labels));
        }
        return new SynthResult(config.seed(), splits, phenomena, redrawn);
    }

    /** {@code n} labels, thirds as equal as n allows, in a seeded random order. */
    private static List<NliLabel> balanced(int n, Random rng) {
        List<NliLabel> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            labels.add(LABELS.get(i % 3));
        }
        Collections.shuffle(labels, rng);
        return labels;
    }

    /**
     * One row with SNLI's fields in SNLI's order; {@code phenomenon} is Graft's addition (readers of
     * SNLI ignore fields they do not know).
     */
    static ObjectNode snliRow(SynthPair pair, String captionId) {
        ObjectNode row = DataJson.MAPPER.createObjectNode();
        row.putArray("annotator_labels").add(pair.label().label());
        row.put("captionID", captionId);
        row.put("gold_label", pair.label().label());
        row.put("pairID", captionId + "r1" + pair.label().label().charAt(0));
        row.put("sentence1", pair.premise().text());
        row.put("sentence1_binary_parse", pair.premise().binaryParse());
        row.put("sentence1_parse", pair.premise().parse());
        row.put("sentence2", pair.hypothesis().text());
        row.put("sentence2_binary_parse", pair.hypothesis().binaryParse());
        row.put("sentence2_parse", pair.hypothesis().parse());
        row.put("phenomenon", pair.phenomenon().key());
        return row;
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(to + ": cannot write: " + e.getMessage(), e);
        }
    }
}
