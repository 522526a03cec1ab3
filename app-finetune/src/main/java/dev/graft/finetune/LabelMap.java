package dev.graft.finetune;

import dev.graft.core.data.LabelView;
import dev.graft.core.data.NliLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dataset labels onto the model's classes, by name through the config's {@code id2label}: a model
 * saved with {@code 0 contradiction, 1 entailment, 2 neutral} gets each row's class by its name, not by
 * the dataset's index. A model whose labels are HF's placeholders ({@code LABEL_0} …) with 3 (or 2)
 * classes is taken to use the HF dataset order.
 */
public record LabelMap(LabelView view, int[] modelClassOfViewClass, List<String> modelLabels) {

    public static LabelMap of(Map<Integer, String> id2label) {
        // by index, never by the map's iteration order (Map.copyOf's order changes from one JVM to the next)
        List<String> names = new ArrayList<>();
        for (int i = 0; i < id2label.size(); i++) {
            String name = id2label.get(i);
            if (name == null) {
                throw new IllegalArgumentException("id2label must number classes 0.." + (id2label.size() - 1)
                        + ", found " + new java.util.TreeMap<>(id2label).keySet());
            }
            names.add(name);
        }
        boolean placeholders = names.stream().allMatch(n -> n.matches("LABEL_\\d+"));
        if (placeholders && (names.size() == 3 || names.size() == 2)) {
            LabelView view = names.size() == 3 ? LabelView.THREE_WAY : LabelView.TWO_WAY;
            int[] identity = new int[names.size()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            return new LabelMap(view, identity, names);
        }
        List<NliLabel> labels = new ArrayList<>();
        for (String n : names) {
            labels.add(NliLabel.fromName(n));
        }
        LabelView view = labels.contains(NliLabel.NOT_ENTAILMENT) ? LabelView.TWO_WAY : LabelView.THREE_WAY;
        int[] map = new int[view.classes().size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = labels.indexOf(view.classes().get(c));
        }
        return new LabelMap(view, map, names);
    }

    /** The model's class for a dataset label; the error names both label sets. */
    public int modelClass(NliLabel label, String source) {
        int viewClass;
        try {
            viewClass = view.classOf(label);
        } catch (IllegalArgumentException e) {
            viewClass = -1;
        }
        int c = viewClass < 0 ? -1 : modelClassOfViewClass[viewClass];
        if (c < 0) {
            throw new IllegalArgumentException(source + ": dataset label '" + label + "' is not among the model's labels "
                    + modelLabels + " (config.json id2label); the data's labels are " + view.classes()
                    + " — fine-tune a model whose id2label names them");
        }
        return c;
    }

    /** The error for a data label the model has no class for, naming both label sets. */
    static IllegalArgumentException notAmong(java.nio.file.Path file, Object label, String source,
            java.util.Collection<String> modelLabels, java.util.Collection<String> fileLabels) {
        return new IllegalArgumentException(file + ": dataset label '" + label + "' (first at " + source
                + ") is not among the model's labels " + modelLabels + " (config.json id2label); the file's"
                + " labels are " + fileLabels);
    }
}
