package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.encoder.ClassificationHead;
import dev.graft.core.model.encoder.EncoderModel;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.nn.ParameterValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One classification head per adapter that brought its own (PEFT's {@code modules_to_save}, which
 * keeps a copy of the head per adapter), beside the model's head, which stays the base model's. Rows
 * of a batch then take the logits of their adapter's head ({@link #logits}); the body's forward pass
 * is shared.
 */
public final class AdapterHeads implements AutoCloseable {
    private static final String HEAD = "classifier.";

    private final EncoderModel model;
    private final NDManager manager;
    private final Map<String, ClassificationHead> heads = new HashMap<>();

    public AdapterHeads(EncoderModel model) {
        this.model = model;
        this.manager = anyHeadParameter(model).getArray().getManager().newSubManager();
    }

    /**
     * Runs {@code load} (which may overwrite the model's head, as {@link PeftFiles#load} does for an
     * adapter saved with its head), keeps what it wrote as adapter {@code name}'s head when the
     * returned config trains the head, and puts the base head's values back.
     */
    public PeftConfig capture(String name, Supplier<PeftConfig> load) {
        Map<String, Parameter> modelHead = headParameters();
        Map<String, float[]> base = new LinkedHashMap<>();
        modelHead.forEach((path, p) -> base.put(path, p.getArray().toFloatArray()));
        try {
            PeftConfig config = load.get();
            if (config.trainHead()) {
                remove(name);
                heads.put(name, copy(modelHead));
            }
            return config;
        } finally {
            try (NDManager scratch = manager.newSubManager()) {
                modelHead.forEach((path, p) -> ParameterValues.assign(p.getArray(),
                        scratch.create(base.get(path), p.getArray().getShape())));
            }
        }
    }

    /** Whether adapter {@code name} has its own head. */
    public boolean has(String name) {
        return heads.containsKey(name);
    }

    /** Forgets adapter {@code name}'s head, if it has one. */
    public void remove(String name) {
        ClassificationHead h = heads.remove(name);
        if (h != null) {
            ParameterPaths.of(h).values().forEach(p -> p.getArray().close());
        }
    }

    /**
     * The logits of each row under its adapter's head: the model's own logits for rows whose adapter
     * (or none) has no head of its own, the adapter's head over the row's hidden state otherwise.
     *
     * @param out the body's forward pass over the whole batch (B rows)
     * @param rowAdapters one adapter name or null per row
     * @return (B, labels) in the manager of {@code out}'s logits
     */
    public NDArray logits(EncoderOutput out, List<String> rowAdapters) {
        NDArray base = out.logits(); // (B, labels)
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < rowAdapters.size(); i++) {
            String a = rowAdapters.get(i);
            if (a != null && heads.containsKey(a)) {
                groups.computeIfAbsent(a, k -> new ArrayList<>()).add(i);
            }
        }
        if (groups.isEmpty()) {
            return base;
        }
        NDManager m = base.getManager();
        ParameterStore ps = new ParameterStore(m, false);
        NDList parts = new NDList(base);
        long[] pick = new long[rowAdapters.size()];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = i;
        }
        long offset = pick.length;
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            List<Integer> rows = g.getValue();
            NDArray index = m.create(rows.stream().mapToLong(Integer::longValue).toArray()); // (G)
            NDArray hidden = out.lastHiddenState().get(index); // (G, T, H)
            NDArray pooled = out.poolerOutput() == null ? null : out.poolerOutput().get(index); // (G, H)
            parts.add(heads.get(g.getKey()).apply(ps, hidden, pooled, false)); // (G, labels)
            for (int k = 0; k < rows.size(); k++) {
                pick[rows.get(k)] = offset + k;
            }
            offset += rows.size();
        }
        return NDArrays.concat(parts).get(m.create(pick)); // (B, labels)
    }

    private ClassificationHead copy(Map<String, Parameter> modelHead) {
        ClassificationHead head = new ClassificationHead(model.spec());
        head.initialize(manager, DataType.FLOAT32, new Shape(1, model.spec().layer().hiddenSize()));
        for (Map.Entry<String, Parameter> e : ParameterPaths.of(head).entrySet()) {
            ParameterValues.assign(e.getValue().getArray(), modelHead.get(HEAD + e.getKey()).getArray());
        }
        return head;
    }

    private Map<String, Parameter> headParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        ParameterPaths.of(model).forEach((path, p) -> {
            if (path.startsWith(HEAD)) {
                out.put(path, p);
            }
        });
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the model has no classification head (" + model.task() + ")");
        }
        return out;
    }

    private static Parameter anyHeadParameter(EncoderModel model) {
        for (Map.Entry<String, Parameter> e : ParameterPaths.of(model).entrySet()) {
            if (e.getKey().startsWith(HEAD)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("the model has no classification head (" + model.task() + ")");
    }

    @Override
    public void close() {
        heads.clear();
        manager.close();
    }
}
