package dev.graft.core.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A Hugging Face {@code tokenizer.json} (WordPiece, BPE, Unigram, WordLevel) run by HF's own Rust
 * library through DJL, so Graft tokenizes exactly as {@code transformers} does.
 *
 * <p>What we set on DJL and why:
 * <ul>
 *   <li>{@code maxLength} and {@code modelMaxLength} both to {@link TokenizerOptions#maxLength()}: DJL
 *       clamps {@code maxLength} to {@code modelMaxLength}, which defaults to 512, so a 1024-position
 *       model would silently get 512-token inputs.</li>
 *   <li>padding off: {@link Encoding} is unpadded by contract; batching pads with {@link #padId()}, which
 *       comes from the files (see {@link TokenizerFiles#padId()}), never assumed to be 0.</li>
 *   <li>{@code RUST_FLAVOR=cpu} unless set: on a machine with CUDA and {@code ai.djl.offline=false} DJL
 *       would otherwise try to download a CUDA build of the tokenizers library, although the CPU build
 *       ships in the DJL tokenizers jar and tokenization never uses the GPU. With {@code ai.djl.offline=true}
 *       (Graft's default) DJL already takes the CPU build from the jar and extracts it to
 *       {@code ~/.djl.ai/tokenizers}.</li>
 * </ul>
 *
 * <p>HF's Rust truncation refuses {@code only_second} for a single text; since a single text has no
 * second part, this class then truncates it at its tail (a second DJL handle with longest-first
 * truncation), so one options record serves both single texts and pairs.
 */
public final class HfTokenizer implements TextTokenizer {
    static {
        if (System.getenv("RUST_FLAVOR") == null && System.getProperty("RUST_FLAVOR") == null) {
            System.setProperty("RUST_FLAVOR", "cpu");
        }
    }

    private final TokenizerFiles files;
    private final TokenizerOptions options;
    private final HuggingFaceTokenizer pairs;
    private final HuggingFaceTokenizer singles;
    private final OptionalLong padId;
    private final OptionalLong unkId;

    private HfTokenizer(TokenizerFiles files, TokenizerOptions options, HuggingFaceTokenizer pairs,
            HuggingFaceTokenizer singles, OptionalLong padId, OptionalLong unkId) {
        this.files = files;
        this.options = options;
        this.pairs = pairs;
        this.singles = singles;
        this.padId = padId;
        this.unkId = unkId;
    }

    /** Loads a tokenizer directory (tokenizer.json, optionally tokenizer_config.json) or a tokenizer.json file. */
    public static HfTokenizer load(Path dirOrFile, TokenizerOptions options) {
        TokenizerFiles files = TokenizerFiles.read(dirOrFile);
        // Resolved before any native handle is opened, so a bad pad_token leaks nothing.
        OptionalLong padId = files.padId();
        OptionalLong unkId = files.unkId();
        HuggingFaceTokenizer pairs = open(files, options, options.truncation());
        try {
            requireRoomForText(files, options, pairs);
            HuggingFaceTokenizer singles = options.truncation() == TokenizerOptions.Truncation.LONGEST_FIRST
                    ? pairs : open(files, options, TokenizerOptions.Truncation.LONGEST_FIRST);
            return new HfTokenizer(files, options, pairs, singles, padId, unkId);
        } catch (RuntimeException e) {
            pairs.close();
            throw e;
        }
    }

    /**
     * HF adds special tokens after truncating, so a limit below their count yields encodings longer
     * than the limit, silently: refuse it up front.
     */
    private static void requireRoomForText(TokenizerFiles files, TokenizerOptions options, HuggingFaceTokenizer pairs) {
        int specials = pairs.encode("", "").getIds().length;
        if (options.maxLength() < specials) {
            throw new TokenizerException(files.tokenizerJson() + ": maxLength " + options.maxLength()
                    + " is below the " + specials + " special tokens this tokenizer adds to a pair");
        }
    }

    private static HuggingFaceTokenizer open(TokenizerFiles files, TokenizerOptions options, TokenizerOptions.Truncation truncation) {
        Map<String, String> djl = new HashMap<>();
        djl.put("addSpecialTokens", Boolean.toString(options.addSpecialTokens()));
        djl.put("truncation", truncation.name());
        djl.put("padding", "false");
        djl.put("maxLength", Integer.toString(options.maxLength()));
        djl.put("modelMaxLength", Integer.toString(options.maxLength()));
        byte[] json = files.text().getBytes(StandardCharsets.UTF_8);
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), djl);
        } catch (IOException e) {
            throw new TokenizerException(files.tokenizerJson() + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Valid JSON that HF's library still rejects (an unknown model type, a missing vocab field ...).
            throw new TokenizerException(files.tokenizerJson() + ": the Hugging Face tokenizers library rejects it: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Encoding encode(String text) {
        return convert(singles.encode(text));
    }

    @Override
    public Encoding encodePair(String first, String second) {
        try {
            return convert(pairs.encode(first, second));
        } catch (RuntimeException e) {
            // HF's message ("Sequence to truncate too short ...") names neither the limit nor the text at fault.
            if (!String.valueOf(e.getMessage()).contains("Truncation error")) {
                throw e;
            }
            throw new TokenizerException(files.tokenizerJson() + ": cannot fit the pair into maxLength "
                    + options.maxLength() + " with " + options.truncation() + " truncation: the first text and the "
                    + "special tokens alone fill it (" + e.getMessage() + ")", e);
        }
    }

    /** Encodes one text and keeps each token's span in it (for statistics and alignment). */
    public SpannedEncoding encodeWithSpans(String text) {
        ai.djl.huggingface.tokenizers.Encoding e = singles.encode(text);
        CharSpan[] spans = e.getCharTokenSpans();
        // HF's offsets count code points; Java strings index UTF-16 units, which differ past U+FFFF.
        int[] utf16 = text.length() == text.codePointCount(0, text.length()) ? null : codePointToUtf16(text);
        int[] starts = new int[spans.length];
        int[] ends = new int[spans.length];
        for (int i = 0; i < spans.length; i++) {
            if (spans[i] != null) {
                starts[i] = utf16 == null ? spans[i].getStart() : utf16[spans[i].getStart()];
                ends[i] = utf16 == null ? spans[i].getEnd() : utf16[spans[i].getEnd()];
            }
        }
        return new SpannedEncoding(convert(e), starts, ends);
    }

    private static int[] codePointToUtf16(String text) {
        int[] map = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            map[cp++] = i;
        }
        map[cp] = text.length();
        return map;
    }

    private static Encoding convert(ai.djl.huggingface.tokenizers.Encoding e) {
        return new Encoding(e.getIds(), e.getTypeIds(), e.getTokens());
    }

    /** Decodes ids to text, leaving out special tokens ({@code [CLS]}, {@code [SEP]}, {@code <|endoftext|>} ...). */
    @Override
    public String decode(long[] ids) {
        return decode(ids, true);
    }

    public String decode(long[] ids, boolean skipSpecialTokens) {
        return singles.decode(ids, skipSpecialTokens);
    }

    /**
     * The pad id from the files.
     *
     * @throws TokenizerException when neither tokenizer.json nor tokenizer_config.json names a pad (or end-of-text) token
     */
    @Override
    public long padId() {
        return padId.orElseThrow(() -> new TokenizerException(files.tokenizerJson() + ": no pad token: tokenizer.json has no "
                + "'padding' section and no " + TokenizerFiles.CONFIG_JSON + " beside it names a pad_token or eos_token"));
    }

    /** The unknown token's id, empty for byte-level vocabularies, which need none. */
    public OptionalLong unkId() {
        return unkId;
    }

    /** One past the largest token id. */
    public long vocabSize() {
        return files.vocabSize();
    }

    /**
     * Refuses a tokenizer that makes ids the model has no embedding for. Without this check the first
     * such id fails deep in libtorch ("index out of range in self"), naming neither file.
     *
     * @param modelVocabSize the model's {@code vocab_size}
     * @param model the model directory, for the message
     */
    public HfTokenizer requireFits(long modelVocabSize, Path model) {
        if (vocabSize() > modelVocabSize) {
            throw new IllegalArgumentException("the tokenizer " + files.tokenizerJson() + " makes ids up to "
                    + (vocabSize() - 1) + " but the model " + model + " has vocab_size " + modelVocabSize
                    + ": it is not this model's tokenizer; use the one the model was trained with");
        }
        return this;
    }

    /**
     * Refuses a tokenizer whose pairs carry token types the model has no row for (a BERT tokenizer gives
     * the second text type 1; RoBERTa has type_vocab_size 1), which libtorch reports only as "index out of
     * range in self". One encoded pair shows it: the post-processor types every pair alike by position.
     *
     * @param typeVocabSize the model's {@code type_vocab_size}; 0 (DistilBERT) looks no type up
     */
    public HfTokenizer requireTypesFit(int typeVocabSize, Path model) {
        if (typeVocabSize == 0) {
            return this;
        }
        long maxType = 0;
        for (long t : encodePair("a", "b").typeIds()) {
            maxType = Math.max(maxType, t);
        }
        if (maxType >= typeVocabSize) {
            throw new IllegalArgumentException("the tokenizer " + files.tokenizerJson() + " gives the second text token type "
                    + maxType + " but the model " + model + " has type_vocab_size " + typeVocabSize
                    + ": it is not this model's tokenizer; use the one the model was trained with");
        }
        return this;
    }

    @Override
    public int maxLength() {
        return options.maxLength();
    }

    public TokenizerOptions options() {
        return options;
    }

    public TokenizerFiles files() {
        return files;
    }

    @Override
    public void close() {
        pairs.close();
        if (singles != pairs) {
            singles.close();
        }
    }
}
