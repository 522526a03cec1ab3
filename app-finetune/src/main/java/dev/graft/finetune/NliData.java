package dev.graft.finetune;

import dev.graft.core.data.BatchConfig;
import dev.graft.core.data.NliBatcher;
import dev.graft.core.data.NliDataException;
import dev.graft.core.data.NliExample;
import dev.graft.core.data.NliReader;
import dev.graft.core.data.ReadOptions;
import dev.graft.core.tokenize.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.graft.core.io.InputFile;

/** Sentence pairs ({@code --task nli}); labels reach the model's classes through {@link LabelMap}. */
record NliData(List<NliExample> train, List<NliExample> dev, Path trainFile, Path devFile)
        implements ClassificationData {

    static NliData read(FinetuneConfig config) {
        return new NliData(read(config.train(), config), read(config.dev(), config), config.train(), config.dev());
    }

    @Override
    public String task() {
        return "nli";
    }

    @Override
    public List<String> devLabels() {
        return dev.stream().map(e -> e.label().label()).toList();
    }

    /** The labels of the data in the HF datasets order (entailment, neutral, contradiction, not_entailment). */
    @Override
    public Map<Integer, String> newLabels() {
        Map<Integer, String> id2label = new TreeMap<>();
        train.stream().map(NliExample::label).distinct().sorted()
                .forEach(l -> id2label.put(id2label.size(), l.label()));
        return id2label;
    }

    @Override
    public Splits bind(Map<Integer, String> id2label, TextTokenizer tokenizer) {
        LabelMap labels = LabelMap.of(id2label);
        checkLabels(train, trainFile, labels);
        checkLabels(dev, devFile, labels);
        return new Splits() {
            @Override
            public BatchSource train(BatchConfig config) {
                return new NliBatchSource(new NliBatcher(train, tokenizer, config, labels.view()), labels);
            }

            @Override
            public BatchSource dev(BatchConfig config) {
                return new NliBatchSource(new NliBatcher(dev, tokenizer, config, labels.view()), labels);
            }
        };
    }

    static List<NliExample> read(Path file, FinetuneConfig config) {
        InputFile.problem(file, "an NLI data file").ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        List<NliExample> rows;
        try (Stream<NliExample> s = NliReader.stream(file, ReadOptions.defaults().withLabelOrder(config.labelOrder()))) {
            rows = s.collect(Collectors.toList());
        } catch (NliDataException e) {
            if (!e.isUnknownFormat()) {
                throw e;
            }
            // finetune has no --format: an NLI file must be in a detected layout; texts with labels are another task
            throw new IllegalArgumentException(e.withoutFormatHint() + ". For single texts with labels pass --task text",
                    e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no labelled examples to train or evaluate on");
        }
        for (NliExample e : rows) {
            if (!e.hasLabel()) {
                throw new IllegalArgumentException(e.source() + ": row has no label; fine-tuning needs labelled data");
            }
        }
        return rows;
    }

    private static void checkLabels(List<NliExample> rows, Path file, LabelMap map) {
        Set<String> found = new TreeSet<>();
        rows.forEach(e -> found.add(e.label().label()));
        for (NliExample e : rows) {
            try {
                map.modelClass(e.label(), e.source());
            } catch (IllegalArgumentException ex) {
                throw LabelMap.notAmong(file, e.label(), e.source(), map.modelLabels(), found);
            }
        }
    }
}
