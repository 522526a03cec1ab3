package dev.graft.serve;

import ai.djl.Device;
import dev.graft.core.generate.Decoder;
import dev.graft.core.generate.Decoders;
import dev.graft.core.generate.GenerationRequest;
import dev.graft.core.generate.GenerationResult;
import dev.graft.core.generate.Generator;
import dev.graft.core.generate.TokenListener;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerFiles;
import dev.graft.core.tokenize.TokenizerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A generative model (GPT-2, T5), its tokenizer (optional: prompts may be token ids) and the generator. */
public final class Completer implements AutoCloseable {
    /** Decodes a batch; the production one is {@link Generator#generate} with the cache on. */
    @FunctionalInterface
    public interface BatchGenerator {
        List<GenerationResult> generate(List<GenerationRequest> requests, TokenListener listener);
    }

    private final Decoders.Opened opened;
    private final HfTokenizer tokenizer;
    private final BatchGenerator generator;

    Completer(Decoders.Opened opened, HfTokenizer tokenizer, BatchGenerator generator) {
        this.opened = opened;
        this.tokenizer = tokenizer;
        this.generator = generator;
    }

    public static Completer load(Path dir, Device device) {
        Decoders.Opened opened = Decoders.open(dir, device, false);
        try {
            HfTokenizer tokenizer = Files.isRegularFile(dir.resolve(TokenizerFiles.TOKENIZER_JSON))
                    ? HfTokenizer.load(dir, TokenizerOptions.unlimited().withSpecialTokens(true)) : null;
            Generator g = new Generator(opened.decoder(), tokenizer == null ? null : tokenizer::decode);
            return new Completer(opened, tokenizer, (requests, listener) -> g.generate(requests, true, listener));
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The same model and tokenizer with another batch generator (tests inject faults through this). */
    Completer withGenerator(BatchGenerator other) {
        return new Completer(opened, tokenizer, other);
    }

    public Decoders.Opened opened() {
        return opened;
    }

    public Decoder decoder() {
        return opened.decoder();
    }

    /** Null when the model directory has no tokenizer.json. */
    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    public List<GenerationResult> generate(List<GenerationRequest> requests, TokenListener listener) {
        return generator.generate(requests, listener);
    }

    public String decode(long[] ids) {
        return tokenizer == null ? null : tokenizer.decode(ids);
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        opened.close();
    }
}
