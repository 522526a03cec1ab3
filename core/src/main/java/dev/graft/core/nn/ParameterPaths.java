package dev.graft.core.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Dotted parameter paths such as {@code encoder.layers.0.attention.query.weight}.
 *
 * <p>DJL keys each child as {@code %02d} + name (its position, then the name we gave); we strip the
 * position so that paths read like a checkpoint's keys and can be mapped onto them by name.
 */
public final class ParameterPaths {
    private ParameterPaths() {}

    /** Every parameter of {@code block} by path, in block order. */
    public static Map<String, Parameter> of(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk(block, "", out);
        return out;
    }

    private static void walk(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + p.getValue().getName(), p.getValue());
        }
        int index = 1;
        for (Pair<String, Block> child : block.getChildren()) {
            String position = String.format(Locale.ROOT, "%02d", index++);
            String key = child.getKey();
            String name = key.startsWith(position) ? key.substring(position.length()) : key;
            walk(child.getValue(), prefix + name + ".", out);
        }
    }
}
