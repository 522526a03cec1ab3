package dev.graft.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.model.PretrainedModel;
import dev.graft.core.peft.AdapterHeads;
import dev.graft.core.peft.LoraRouting;
import dev.graft.core.peft.Peft;
import dev.graft.core.peft.PeftFiles;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * LoRA adapters in PEFT's layout on the served model ({@link PeftFiles#load}), mixed per row in one
 * batch ({@link LoraRouting}) or activated one sub-batch at a time. An adapter saved with its
 * classification head ({@code modules_to_save}) keeps its own copy of the head ({@link AdapterHeads});
 * the model's head stays the base model's. Served names ({@code [A-Za-z0-9._-]}) map to internal
 * adapter names without dots ({@code serve0}, {@code serve1}, …), which PEFT's parameter paths need.
 */
final class LoraRuntime implements AdapterRuntime {
    private final Block model;
    private final AdapterHeads heads;
    private final Map<String, String> ids = new HashMap<>();
    private int next;

    LoraRuntime(Block model, AdapterHeads heads) {
        this.model = model;
        this.heads = heads;
    }

    /** The runtime for a {@link Classifier} or a {@link Completer}. */
    static AdapterRuntime of(Object served) {
        if (served instanceof Classifier c) {
            return new LoraRuntime(c.model().model(), c.heads());
        }
        if (served instanceof Completer c && c.opened().model() instanceof PretrainedModel<?, ?> p) {
            return new LoraRuntime(p.model(), null);
        }
        throw new IllegalArgumentException("no LoRA runtime for " + served);
    }

    @Override
    public void load(String name, Path dir) throws IOException {
        Path configFile = dir.resolve(PeftFiles.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IOException(configFile + " not found");
        }
        JsonNode config;
        try {
            config = Json.MAPPER.readTree(configFile.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(configFile + " is not valid JSON (" + Json.problem(e)
                    + "): fix the file or save the adapter again");
        }
        JsonNode type = config.get("peft_type");
        if (type == null || !type.asText().equals("LORA")) {
            throw new IllegalArgumentException(configFile + ": peft_type " + (type == null ? "missing" : type.asText())
                    + "; the server mixes LoRA adapters only (peft_type LORA)");
        }
        String id = "serve" + next++;
        try {
            if (heads != null) {
                heads.capture(name, () -> PeftFiles.load(model, dir, id));
            } else {
                PeftFiles.load(model, dir, id);
            }
        } catch (RuntimeException e) {
            discard(id);
            throw e;
        } finally {
            Peft.setActiveAdapter(model, null);
        }
        ids.put(name, id);
    }

    /** Takes a half-loaded adapter off the model again (PEFT attaches before it fills). */
    private void discard(String id) {
        try {
            Peft.removeAdapter(model, id);
        } catch (RuntimeException ignored) {
            // nothing was attached
        }
    }

    @Override
    public void unload(String name) {
        String id = ids.remove(name);
        if (id != null) {
            Peft.removeAdapter(model, id);
        }
        if (heads != null) {
            heads.remove(name);
        }
    }

    @Override
    public void activate(String name) {
        Peft.setActiveAdapter(model, name == null ? null : id(name));
    }

    @Override
    public boolean mixes() {
        return true;
    }

    @Override
    public <T> T routed(List<String> rowAdapters, Supplier<T> forward) {
        List<String> rows = new ArrayList<>(rowAdapters.size());
        for (String a : rowAdapters) {
            rows.add(a == null ? null : id(a));
        }
        return LoraRouting.route(rows, forward);
    }

    private String id(String name) {
        String id = ids.get(name);
        if (id == null) {
            throw new IllegalStateException("adapter '" + name + "' is not loaded in the LoRA runtime");
        }
        return id;
    }
}
