package dev.graft.core.tokenize;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A Hugging Face tokenizer on disk: {@code tokenizer.json} (the whole pipeline, read by HF's Rust
 * library) and, beside it when present, {@code tokenizer_config.json} (the {@code transformers}
 * settings: special token names, {@code model_max_length}).
 *
 * <p>We parse both ourselves, before DJL sees them, for two reasons: a missing or corrupt file gets a
 * message naming the file, line and field instead of a Rust panic text, and facts DJL does not expose
 * (the pad and unknown token ids, the vocabulary size) are read from the files rather than assumed.
 */
public final class TokenizerFiles {
    public static final String TOKENIZER_JSON = "tokenizer.json";
    public static final String CONFIG_JSON = "tokenizer_config.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path tokenizerJson;
    private final String text;
    private final JsonNode root;
    private final Path configJson;
    private final JsonNode config;

    private TokenizerFiles(Path tokenizerJson, String text, JsonNode root, Path configJson, JsonNode config) {
        this.tokenizerJson = tokenizerJson;
        this.text = text;
        this.root = root;
        this.configJson = configJson;
        this.config = config;
    }

    /** The files a tokenizer directory may hold, as HF's {@code save_pretrained} writes them. */
    public static final java.util.List<String> SAVED_FILES = java.util.List.of(TOKENIZER_JSON, CONFIG_JSON,
            "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt");

    /**
     * Copies the tokenizer files of {@code tokenizerDir} into {@code modelDir}, so a saved model directory
     * loads with its tokenizer as an HF one does.
     */
    public static void copyInto(Path tokenizerDir, Path modelDir) {
        for (String f : SAVED_FILES) {
            Path from = tokenizerDir.resolve(f);
            if (java.nio.file.Files.isRegularFile(from)) {
                try {
                    java.nio.file.Files.copy(from, modelDir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot copy " + from + " to " + modelDir + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Reads a tokenizer directory, or a {@code tokenizer.json} file (its directory is then searched for
     * {@code tokenizer_config.json}).
     */
    public static TokenizerFiles read(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(TOKENIZER_JSON) : dirOrFile;
        if (!Files.isRegularFile(file)) {
            throw new TokenizerException(Files.isDirectory(dirOrFile)
                    ? dirOrFile + ": no " + TOKENIZER_JSON + " in this directory (expected the file that a Hugging Face "
                            + "tokenizer saves with save_pretrained, or that 'graft tokenizer train' writes)"
                    : dirOrFile + ": no such file or directory (expected a tokenizer directory or its " + TOKENIZER_JSON + ")");
        }
        String text = readText(file);
        JsonNode root = parse(file, text);
        JsonNode model = root.get("model");
        if (model == null || !model.isObject()) {
            throw new TokenizerException(file + ": field 'model' is " + (model == null ? "missing" : "not an object")
                    + " (expected the tokenizer model: WordPiece, BPE, Unigram or WordLevel)");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path configFile = dir == null ? null : dir.resolve(CONFIG_JSON);
        JsonNode config = null;
        if (configFile != null && Files.isRegularFile(configFile)) {
            config = parse(configFile, readText(configFile));
        } else {
            configFile = null;
        }
        return new TokenizerFiles(file, text, root, configFile, config);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenizerException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(Path file, String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TokenizerException(file + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new TokenizerException(file + ": expected a JSON object at the top level, found "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return node;
    }

    public Path tokenizerJson() {
        return tokenizerJson;
    }

    /** The raw {@code tokenizer.json} text, handed to DJL unchanged. */
    public String text() {
        return text;
    }

    /** {@code WordPiece}, {@code BPE}, {@code Unigram}, {@code WordLevel}, or "unknown" for a file without the tag. */
    public String modelType() {
        return root.path("model").path("type").asText("unknown");
    }

    /** {@code model_max_length} from tokenizer_config.json, when it is a real limit (HF writes 1e30 for "none"). */
    public OptionalInt modelMaxLength() {
        JsonNode n = config == null ? null : config.get("model_max_length");
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(n.asInt());
    }

    /**
     * The pad id, looked up as HF does: the {@code padding} section of tokenizer.json; else
     * tokenizer_config.json's {@code pad_token}; else its {@code eos_token} (GPT-2 has no pad token,
     * and padding with end-of-text under an attention mask is the usual practice). Empty when none.
     */
    public OptionalLong padId() {
        JsonNode padding = root.get("padding");
        if (padding != null && padding.isObject() && padding.has("pad_id")) {
            JsonNode id = padding.get("pad_id");
            if (!id.isIntegralNumber() || id.asLong() < 0) {
                throw new TokenizerException(tokenizerJson + ": field 'padding.pad_id' must be a non-negative integer, found " + id);
            }
            return OptionalLong.of(id.asLong());
        }
        for (String field : new String[] {"pad_token", "eos_token"}) {
            String token = configToken(field);
            if (token != null) {
                return OptionalLong.of(requireId(token, configJson + ": field '" + field + "'"));
            }
        }
        return OptionalLong.empty();
    }

    /** The id of the model's unknown token ({@code model.unk_token}, or Unigram's {@code unk_id}); empty when it has none. */
    public OptionalLong unkId() {
        JsonNode model = root.get("model");
        JsonNode unkId = model.get("unk_id");
        if (unkId != null && unkId.isIntegralNumber()) {
            return OptionalLong.of(unkId.asLong());
        }
        JsonNode unk = model.get("unk_token");
        if (unk == null || !unk.isTextual()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(requireId(unk.asText(), tokenizerJson + ": field 'model.unk_token'"));
    }

    /** One past the largest id in the vocabulary or the added tokens. */
    public long vocabSize() {
        long max = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
                max = Math.max(max, it.next().asLong());
            }
        } else if (vocab.isArray()) {
            max = vocab.size() - 1L;
        }
        for (JsonNode added : root.path("added_tokens")) {
            max = Math.max(max, added.path("id").asLong(-1));
        }
        return max + 1;
    }

    /** The id of {@code token}: the added tokens first (as HF resolves them), then the model's vocabulary. */
    public OptionalLong idOf(String token) {
        for (JsonNode added : root.path("added_tokens")) {
            if (token.equals(added.path("content").asText(null)) && added.path("id").isIntegralNumber()) {
                return OptionalLong.of(added.get("id").asLong());
            }
        }
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject() && vocab.path(token).isIntegralNumber()) {
            return OptionalLong.of(vocab.get(token).asLong());
        }
        if (vocab.isArray()) { // Unigram: [[piece, score], ...], the id is the position
            for (int i = 0; i < vocab.size(); i++) {
                if (token.equals(vocab.get(i).path(0).asText(null))) {
                    return OptionalLong.of(i);
                }
            }
        }
        return OptionalLong.empty();
    }

    private long requireId(String token, String source) {
        return idOf(token).orElseThrow(() -> new TokenizerException(source + " names the token '" + token
                + "', which is neither an added token nor in the vocabulary of " + tokenizerJson));
    }

    /** A special token name from tokenizer_config.json: a string, or an AddedToken object with "content". */
    private String configToken(String field) {
        JsonNode n = config == null ? null : config.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isObject() && n.path("content").isTextual()) {
            return n.get("content").asText();
        }
        throw new TokenizerException(configJson + ": field '" + field
                + "' must be a token string or an object with 'content', found " + n);
    }
}
