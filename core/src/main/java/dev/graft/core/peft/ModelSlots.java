package dev.graft.core.peft;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import dev.graft.core.nn.FeedForward;
import dev.graft.core.nn.MultiHeadAttention;
import dev.graft.core.nn.Projection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The projections of a model that PEFT methods can wrap, each with our path, its role and its HF
 * module path, found by walking the block tree (attention and feed-forward blocks only).
 */
final class ModelSlots {
    /**
     * @param path our module path, e.g. {@code encoder.layers.0.attention.query}
     * @param hfPath the HF module path, e.g. {@code bert.encoder.layer.0.attention.self.query}
     * @param owner the attention or feed-forward block holding it
     */
    record Slot(String path, Target target, String hfPath, Block owner) {
        Projection current() {
            return owner instanceof MultiHeadAttention a ? a.projections().get(target.child())
                    : ((FeedForward) owner).projections().get(target.child());
        }

        void replace(Projection p) {
            if (owner instanceof MultiHeadAttention a) {
                a.replaceProjection(target.child(), p);
            } else {
                ((FeedForward) owner).replaceProjection(target.child(), p);
            }
        }

        /** The last segment of the HF path: the name PEFT's {@code target_modules} use. */
        String hfName() {
            return hfPath.substring(hfPath.lastIndexOf('.') + 1);
        }
    }

    private ModelSlots() {}

    static List<Slot> of(Block model, HfLayout layout) {
        List<Slot> out = new ArrayList<>();
        walk(model, "", layout, out);
        return out;
    }

    private static void walk(Block block, String prefix, HfLayout layout, List<Slot> out) {
        if (block instanceof MultiHeadAttention a) {
            for (String child : a.projections().keySet()) {
                String path = prefix + child;
                out.add(new Slot(path, Target.of(true, child), layout.module(path), a));
            }
            return;
        }
        if (block instanceof FeedForward f) {
            for (String child : f.projections().keySet()) {
                String path = prefix + child;
                out.add(new Slot(path, Target.of(false, child), layout.module(path), f));
            }
            return;
        }
        int index = 1;
        for (Pair<String, Block> child : block.getChildren()) {
            String position = String.format(Locale.ROOT, "%02d", index++);
            String key = child.getKey();
            String name = key.startsWith(position) ? key.substring(position.length()) : key;
            walk(child.getValue(), prefix + name + ".", layout, out);
        }
    }

    /**
     * The slots the config's targets name: a role ({@code query}, {@code ffn_out}) or an HF module
     * name matched as PEFT does, against the end of the module path ({@code c_attn},
     * {@code attention.output.dense}). A target that matches nothing is an error naming it and
     * listing what the model has.
     */
    static List<Slot> resolve(List<Slot> all, Collection<String> targets, String method) {
        return resolve(all, targets, method, List.of(), List.of());
    }

    /** As {@link #resolve(List, Collection, String)}; the error also lists targets the caller takes itself. */
    static List<Slot> resolve(List<Slot> all, Collection<String> targets, String method, List<String> alsoRoles,
            List<String> alsoNames) {
        Set<Slot> chosen = new LinkedHashSet<>();
        for (String t : targets) {
            List<Slot> hits = new ArrayList<>();
            for (Slot s : all) {
                boolean byRole = Target.byName(t).map(r -> r == s.target()).orElse(false);
                boolean byName = s.hfPath().equals(t) || s.hfPath().endsWith("." + t);
                if (byRole || byName) {
                    hits.add(s);
                }
            }
            if (hits.isEmpty()) {
                Set<String> roles = roles(all);
                roles.addAll(alsoRoles);
                Set<String> names = hfNames(all);
                names.addAll(alsoNames);
                throw new IllegalArgumentException(method + " target '" + t + "' is not in the model; it has targets "
                        + roles + " and module names " + names);
            }
            chosen.addAll(hits);
        }
        return List.copyOf(chosen);
    }

    static Set<String> roles(List<Slot> all) {
        Set<String> out = new LinkedHashSet<>();
        all.forEach(s -> out.add(s.target().configName()));
        return out;
    }

    static Set<String> hfNames(List<Slot> all) {
        Set<String> out = new TreeSet<>();
        all.forEach(s -> out.add(s.hfName()));
        return out;
    }
}
