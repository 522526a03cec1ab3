package dev.graft.core.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the plain-PyTorch speed anchor ({@code torch_anchor.py}, Debian's python3-torch) on the same
 * shape, mode, step count and thread count in the same run, so the JSON carries our speed as a ratio
 * of eager PyTorch's ({@code ratio_vs_anchor}: our seq/s over the anchor's) and the anchor's count of
 * trainable parameters beside ours.
 */
final class TorchAnchor {
    /** Debian's interpreter: python3-torch installs into it, not into other pythons on PATH. */
    static final String PYTHON = "/usr/bin/python3";

    private TorchAnchor() {}

    static void compare(BenchRequest r, ObjectNode out) {
        if (r.mode().equals("generate")) {
            out.put("anchor", "none: torch_anchor.py has no generate mode");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, r.anchorScript().toString(), "--arch", r.arch(), "--mode", r.mode(),
                "--layers", "" + r.layers(), "--hidden", "" + r.hidden(), "--heads", "" + r.heads(),
                "--inter", "" + r.intermediate(), "--seq", "" + r.seqLength(), "--batch", "" + r.batch(),
                "--steps", "" + r.steps(), "--threads", "" + r.threads()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                out.put("anchor", "failed: " + last(text));
                return;
            }
            JsonNode anchor = new ObjectMapper().readTree(last(text));
            out.put("anchor", anchor.path("anchor").asText());
            double theirs = anchor.path("seq_per_s").asDouble();
            out.put("anchor_seq_per_s", theirs);
            out.put("anchor_tokens_per_s", anchor.path("tokens_per_s").asDouble());
            out.put("anchor_trainable_params", anchor.path("trainable_params").asLong());
            out.put("ratio_vs_anchor", Bench.round(out.path("seq_per_s").asDouble() / theirs));
        } catch (IOException e) {
            out.put("anchor", "not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.put("anchor", "interrupted");
        }
    }

    private static String last(String text) {
        String[] lines = text.split("\n");
        return lines[lines.length - 1];
    }
}
