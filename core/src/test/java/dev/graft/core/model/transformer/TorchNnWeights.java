package dev.graft.core.model.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.nn.ParameterPaths;
import java.util.Map;

/**
 * Copies a {@code torch.nn.Transformer*} state dict (as written by make_torchnn_fixtures.py) into our
 * blocks. torch fuses Q, K and V into {@code in_proj_weight} (3H, H): rows [0, H) are Q, then K, then V.
 */
final class TorchNnWeights {
    private TorchNnWeights() {}

    /**
     * @param torchPrefix prepended to every torch key, e.g. {@code encoder.} for a stack
     * @param decoder whether the layers are decoder layers (their feed-forward norm is norm3)
     */
    static void load(Block block, SafetensorsFile file, String torchPrefix, boolean decoder, NDManager manager) {
        boolean tokenModel = block instanceof TransformerModel;
        for (Map.Entry<String, Parameter> e : ParameterPaths.of(block).entrySet()) {
            String path = e.getKey();
            // The token model's stacks sit under transformer.encoder / transformer.decoder.
            boolean inStack = tokenModel && (path.startsWith("encoder.") || path.startsWith("decoder."));
            String prefix = inStack ? "transformer." : torchPrefix;
            boolean dec = tokenModel ? path.startsWith("decoder.") : decoder;
            NDArray value = torchValue(path, file, prefix, dec, manager);
            e.getValue().getArray().set(value.toByteBuffer());
        }
    }

    private static NDArray torchValue(String ours, SafetensorsFile file, String prefix, boolean decoder, NDManager m) {
        String leaf = ours.substring(ours.lastIndexOf('.') + 1);
        String[] qkv = {"query", "key", "value"};
        for (int k = 0; k < 3; k++) {
            for (String[] attn : new String[][] {{"self_attention.", "self_attn."}, {"cross_attention.", "multihead_attn."},
                    {"attention.", "self_attn."}}) {
                String marker = attn[0] + qkv[k] + "." + leaf;
                if (ours.endsWith(marker) && (attn[0].equals("attention.") == !decoder || !attn[0].equals("attention."))) {
                    String key = prefix + ours.substring(0, ours.length() - marker.length()) + attn[1] + "in_proj_" + leaf;
                    NDArray fused = file.load(key, m);
                    long h = fused.getShape().get(0) / 3;
                    return fused.get(new NDIndex("{}:{}", k * h, (k + 1) * h));
                }
            }
        }
        String key = ours.replace("cross_attention.output.", "multihead_attn.out_proj.")
                .replace("self_attention.output.", "self_attn.out_proj.")
                .replace("attention.output.", "self_attn.out_proj.")
                .replace("self_attention_norm.", "norm1.")
                .replace("cross_attention_norm.", "norm2.")
                .replace("attention_norm.", "norm1.")
                .replace("ffn_norm.", decoder ? "norm3." : "norm2.")
                .replace("ffn.in.", "linear1.")
                .replace("ffn.out.", "linear2.");
        return file.load(prefix + key, m);
    }
}
