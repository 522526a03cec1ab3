package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.nn.Projection;
import dev.graft.core.peft.ModelSlots.Slot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one entry point of parameter-efficient fine-tuning: {@link #apply} walks a model, wraps or
 * attaches the configured method under an adapter name, and freezes every parameter but that
 * adapter's (and the task head's when the config asks, like PEFT's {@code modules_to_save}).
 *
 * <p>The model keeps its own forward code: LoRA, IA³ and bottleneck adapters take the place of
 * projections ({@link AdapterWrapper}); prefix tuning plugs into attention's
 * {@link dev.graft.core.nn.KeyValueExtension}; prompt tuning extends the word embedding.
 */
public final class Peft {
    /** Path segments that hold a named adapter's parameters ({@code lora_A.NAME.weight}). */
    static final Set<String> MARKERS = Set.of("lora_A", "lora_B", LoraEmbedding.A, LoraEmbedding.B, "ia3_l", "adapter_down", "adapter_up",
            PrefixTuning.CHILD);

    private Peft() {}

    /**
     * Attaches {@code config} to {@code model} as adapter {@code adapterName}, makes it the active
     * adapter and leaves exactly its parameters (plus the head, when asked) trainable.
     *
     * @return the trainable share after freezing
     */
    public static TrainableParameters apply(Block model, PeftConfig config, String adapterName) {
        if (adapterName == null || adapterName.isBlank() || adapterName.contains(".")) {
            throw new IllegalArgumentException("adapter name must be non-blank without dots, got '" + adapterName + "'");
        }
        boolean taken = wrappers(model).stream().anyMatch(w -> w.adapterNames().contains(adapterName))
                || ParameterPaths.of(model).keySet().stream().anyMatch(path -> isAdapterPath(path, adapterName));
        if (taken) {
            throw new IllegalArgumentException("an adapter called '" + adapterName + "' is already attached to the model");
        }
        HfLayout layout = HfLayout.of(model);
        List<Slot> slots = ModelSlots.of(model, layout);
        if (config.trainHead() && headPaths(model).isEmpty()) {
            throw new IllegalArgumentException("trainHead was asked but the model has no classifier head (a "
                    + model.getClass().getSimpleName() + ")");
        }
        if (config instanceof LoraConfig c) {
            WordEmbeddingTarget word = WordEmbeddingTarget.of(model, layout);
            List<String> projections = new ArrayList<>();
            boolean onWord = false;
            for (String t : c.targets()) {
                if (word == null && t.equalsIgnoreCase(WordEmbeddingTarget.ROLE)) {
                    throw new IllegalArgumentException("LoRA on the word embedding supports encoder models (BERT, RoBERTa,"
                            + " DistilBERT) and GPT-2, not " + model.getClass().getSimpleName());
                }
                if (word != null && word.matches(t)) {
                    onWord = true;
                } else {
                    projections.add(t);
                }
            }
            List<String> alsoRoles = word == null ? List.of() : List.of(WordEmbeddingTarget.ROLE);
            List<String> alsoNames = word == null ? List.of() : List.of(word.hfName());
            for (Slot s : ModelSlots.resolve(slots, projections, "LoRA", alsoRoles, alsoNames)) {
                wrapper(s, LoraLinear.class, LoraLinear::new).addAdapter(adapterName, c.rank(), c.alpha(), c.dropout(), c.rsLora());
            }
            if (onWord) {
                LoraEmbedding.on(word.table()).addAdapter(adapterName, c.rank(), c.alpha(), c.rsLora());
            }
        } else if (config instanceof Ia3Config c) {
            List<Slot> ff = ModelSlots.resolve(slots, c.feedForwardTargets(), "IA3");
            for (Slot s : ModelSlots.resolve(slots, c.targets(), "IA3")) {
                boolean feedForward = ff.contains(s);
                NDArray like = anyArray(s.current());
                wrapper(s, Ia3Linear.class, p -> new Ia3Linear(p, feedForward)).addAdapter(adapterName, like);
            }
        } else if (config instanceof BottleneckConfig c) {
            List<String> targets = c.placement() == BottleneckConfig.Placement.HOULSBY
                    ? PeftConfig.names(Target.ATTENTION_OUTPUT, Target.FFN_OUT)
                    : PeftConfig.names(Target.FFN_OUT);
            for (Slot s : ModelSlots.resolve(slots, targets, "bottleneck adapter")) {
                NDArray like = anyArray(s.current());
                wrapper(s, BottleneckAdapter.class, BottleneckAdapter::new).addAdapter(adapterName, c.reductionFactor(), like);
            }
        } else if (config instanceof PrefixConfig c) {
            PrefixTuning.attach(model, c, adapterName);
        } else if (config instanceof PromptConfig c) {
            PromptTuning.attach(model, c, adapterName);
        }
        // BitFit adds nothing: the biases are already there.
        setActiveAdapter(model, adapterName);
        freezeAllBut(model, trainablePaths(model, config, adapterName));
        return TrainableParameters.of(model);
    }

    /** Makes {@code adapterName} active in every wrapper that has it; the others fall back to their base (null: all). */
    public static void setActiveAdapter(Block model, String adapterName) {
        List<AdapterWrapper> wrappers = wrappers(model);
        LoraEmbedding word = WordEmbeddingTarget.lora(model);
        for (LoraLayer l : loraLayers(wrappers, word)) {
            l.checkSwitch(adapterName); // every layer before any switches, so a refusal changes nothing
        }
        for (AdapterWrapper w : wrappers) {
            w.setActiveAdapter(adapterName != null && w.adapterNames().contains(adapterName) ? adapterName : null);
        }
        if (word != null) {
            word.setActiveAdapter(adapterName);
        }
    }

    /** The model's LoRA layers: the wrapped projections, then the word embedding's. */
    static List<LoraLayer> loraLayers(Block model) {
        return loraLayers(wrappers(model), WordEmbeddingTarget.lora(model));
    }

    private static List<LoraLayer> loraLayers(List<AdapterWrapper> wrappers, LoraEmbedding word) {
        List<LoraLayer> out = new ArrayList<>();
        for (AdapterWrapper w : wrappers) {
            if (w instanceof LoraLinear l) {
                out.add(l);
            }
        }
        if (word != null) {
            out.add(word);
        }
        return out;
    }

    /**
     * Removes LoRA adapter {@code adapterName} and its parameters from every layer that has it, so
     * a server can unload one adapter while others stay. Only LoRA adapters are removed this way.
     */
    public static void removeAdapter(Block model, String adapterName) {
        List<AdapterWrapper> wrappers = wrappers(model);
        for (AdapterWrapper w : wrappers) {
            if (w.adapterNames().contains(adapterName) && !(w instanceof LoraLinear)) {
                throw new UnsupportedOperationException("adapter '" + adapterName + "' is a " + w.getClass().getSimpleName()
                        + " adapter; only LoRA adapters can be removed");
            }
        }
        List<LoraLayer> holders = loraLayers(wrappers, WordEmbeddingTarget.lora(model)).stream()
                .filter(l -> l.adapterNames().contains(adapterName)).toList();
        if (holders.isEmpty()) {
            throw new IllegalArgumentException("no LoRA adapter '" + adapterName + "' on the model");
        }
        holders.forEach(l -> l.removeAdapter(adapterName));
    }

    /** Folds the active LoRA adapter of every LoRA layer into its base weight. */
    public static void merge(Block model) {
        for (LoraLayer l : loraLayers(model)) {
            if (l.activeAdapter() != null && l.mergedAdapter() == null) {
                l.merge();
            }
        }
    }

    /** Takes merged LoRA adapters back out of the base weights. */
    public static void unmerge(Block model) {
        for (LoraLayer l : loraLayers(model)) {
            if (l.mergedAdapter() != null) {
                l.unmerge();
            }
        }
    }

    /**
     * Merges the active LoRA and IA3 adapters and puts the plain {@link Linear}s back, so the model is the base
     * architecture again (parameter paths and HF names included) and saves as a plain checkpoint. Inactive
     * LoRA adapters are dropped, as PEFT's {@code merge_and_unload} drops them.
     */
    public static void mergeAndUnload(Block model) {
        List<Slot> slots = ModelSlots.of(model, HfLayout.of(model));
        for (Slot s : slots) {
            if (s.current() instanceof AdapterWrapper w && !(w instanceof LoraLinear) && !(w instanceof Ia3Linear)) {
                throw new IllegalStateException(s.path() + " holds a " + w.getClass().getSimpleName()
                        + ", which does not merge; only LoRA and IA3 layers unload into a plain model");
            }
        }
        merge(model);
        for (Slot s : slots) {
            Projection p = s.current();
            if (p instanceof LoraLinear l) {
                s.replace(l.baseLinear());
            } else if (p instanceof Ia3Linear ia3) {
                s.replace(ia3.mergeIntoBase());
            }
        }
        LoraEmbedding word = WordEmbeddingTarget.lora(model);
        if (word != null) {
            word.detach();
        }
    }

    /** Every PEFT wrapper in the model, outermost first along each projection. */
    public static List<AdapterWrapper> wrappers(Block model) {
        List<AdapterWrapper> out = new ArrayList<>();
        for (Slot s : ModelSlots.of(model, HfLayout.of(model))) {
            Projection p = s.current();
            while (p instanceof AdapterWrapper w) {
                out.add(w);
                p = w.base();
            }
        }
        return out;
    }

    /** Whether {@code path} holds a parameter of adapter {@code name} ({@code ….lora_A.NAME.weight}). */
    static boolean isAdapterPath(String path, String name) {
        String[] parts = path.split("\\.");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (MARKERS.contains(parts[i]) && parts[i + 1].equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Paths of the task head's parameters (the classifier of an encoder model). */
    static Set<String> headPaths(Block model) {
        Set<String> out = new HashSet<>();
        for (String path : ParameterPaths.of(model).keySet()) {
            if (path.startsWith("classifier.")) {
                out.add(path);
            }
        }
        return out;
    }

    /** The paths a config trains: its adapter's parameters, every bias for BitFit, the head when asked. */
    static Set<String> trainablePaths(Block model, PeftConfig config, String adapterName) {
        Set<String> out = new HashSet<>();
        for (String path : ParameterPaths.of(model).keySet()) {
            boolean bitFit = config instanceof BitFitConfig && path.endsWith(".bias") && !path.startsWith("classifier.");
            if (isAdapterPath(path, adapterName) || bitFit) {
                out.add(path);
            }
        }
        if (config.trainHead()) {
            out.addAll(headPaths(model));
        }
        return out;
    }

    private static void freezeAllBut(Block model, Set<String> trainable) {
        for (Map.Entry<String, Parameter> e : ParameterPaths.of(model).entrySet()) {
            e.getValue().freeze(!trainable.contains(e.getKey()));
        }
    }

    private static <W extends AdapterWrapper> W wrapper(Slot slot, Class<W> type, java.util.function.Function<Projection, W> make) {
        Projection current = slot.current();
        if (type.isInstance(current)) {
            return type.cast(current);
        }
        W w = make.apply(current);
        slot.replace(w);
        return w;
    }

    /** An initialised array of the projection's (for the manager and device of new parameters). */
    private static NDArray anyArray(Projection p) {
        for (Parameter q : ParameterPaths.of((Block) p).values()) {
            return q.getArray();
        }
        throw new IllegalStateException("projection without parameters: " + p);
    }
}
