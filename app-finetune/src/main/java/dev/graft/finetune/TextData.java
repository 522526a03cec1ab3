package dev.graft.finetune;

import dev.graft.core.data.BatchConfig;
import dev.graft.core.data.TextExample;
import dev.graft.core.data.TextReader;
import dev.graft.core.tokenize.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import dev.graft.core.io.InputFile;

/**
 * Single texts ({@code --task text}); labels reach the model's classes by name through its id2label, so
 * a classifier trained with {@code 0 negative, 1 positive} keeps its meaning whatever order a file lists.
 *
 * @param labelNames {@code --label-names}: what integer labels index, and the classes of a new classifier
 *     in that order; empty for none
 */
record TextData(List<TextExample> train, List<TextExample> dev, Path trainFile, Path devFile,
        List<String> labelNames) implements ClassificationData {

    static TextData read(FinetuneConfig config, List<String> labelNames) {
        return new TextData(read(config.train(), labelNames), read(config.dev(), labelNames), config.train(),
                config.dev(), List.copyOf(labelNames));
    }

    private static List<TextExample> read(Path file, List<String> labelNames) {
        InputFile.problem(file, "a JSONL or CSV file of texts and labels").ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        return TextReader.read(file, labelNames);
    }

    @Override
    public String task() {
        return "text";
    }

    @Override
    public List<String> devLabels() {
        return dev.stream().map(TextExample::label).toList();
    }

    /** The {@code --label-names} order, else the training labels sorted (stable from one file order to another). */
    @Override
    public Map<Integer, String> newLabels() {
        List<String> names = labelNames.isEmpty()
                ? new ArrayList<>(new TreeSet<>(train.stream().map(TextExample::label).toList())) : labelNames;
        Map<Integer, String> id2label = new TreeMap<>();
        names.forEach(n -> id2label.put(id2label.size(), n));
        return id2label;
    }

    @Override
    public Splits bind(Map<Integer, String> id2label, TextTokenizer tokenizer) {
        Map<String, Integer> classOf = new HashMap<>();
        id2label.forEach((id, name) -> classOf.put(name, id));
        check(train, trainFile, classOf, id2label);
        check(dev, devFile, classOf, id2label);
        return new Splits() {
            @Override
            public BatchSource train(BatchConfig config) {
                return new TextBatchSource(train, tokenizer, config, classOf);
            }

            @Override
            public BatchSource dev(BatchConfig config) {
                return new TextBatchSource(dev, tokenizer, config, classOf);
            }
        };
    }

    private static void check(List<TextExample> rows, Path file, Map<String, Integer> classOf,
            Map<Integer, String> id2label) {
        for (TextExample e : rows) {
            if (!classOf.containsKey(e.label())) {
                throw LabelMap.notAmong(file, e.label(), e.source(), new TreeMap<>(id2label).values(),
                        new TreeSet<>(rows.stream().map(TextExample::label).toList()));
            }
        }
    }
}
