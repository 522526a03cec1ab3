package dev.graft.core.generate;

import ai.djl.Device;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.tokenize.TextTokenizer;
import java.util.List;
import java.util.function.Consumer;

/** Runs one generation and streams its pieces: text when there is a tokenizer, else ids. */
public final class GenerateJob {
    private GenerateJob() {}

    /**
     * @param tokenizer the model's tokenizer, or null
     * @param stream receives each piece as it is produced (text pieces, or " id" with a leading space)
     */
    public static GenerateOutcome run(GenerateRequest request, TextTokenizer tokenizer, Consumer<String> stream) {
        if (request.prompt() != null && tokenizer == null) {
            throw new IllegalArgumentException("--prompt needs a tokenizer.json beside the model in " + request.model()
                    + "; pass --prompt-ids instead");
        }
        Device device = GraftEngine.resolve(request.device());
        try (Decoders.Opened opened = Decoders.open(request.model(), device, request.allowUnexpected())) {
            long[] prompt = request.promptIds() != null ? request.promptIds() : tokenizer.encode(request.prompt()).ids();
            if (prompt.length == 0) {
                throw new IllegalArgumentException("the prompt encodes to no tokens");
            }
            Generator generator = new Generator(opened.decoder(), tokenizer == null ? null : tokenizer::decode);
            StreamingListener listener = new StreamingListener(tokenizer, stream);
            long start = System.nanoTime();
            GenerationResult r = generator.generate(List.of(new GenerationRequest(prompt, request.config())),
                    request.useCache(), listener).get(0);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new GenerateOutcome(r, opened.decoder().fullSequence(prompt, r.generated()), request.config().seed(),
                    r.generated().length / seconds);
        }
    }

    /**
     * Turns tokens into printable pieces. A byte-level token can end inside a UTF-8 character, so the
     * text printed is the decoded prefix that has become stable, never a half character.
     */
    private static final class StreamingListener implements TokenListener {
        private final TextTokenizer tokenizer;
        private final Consumer<String> stream;
        private final List<Long> ids = new java.util.ArrayList<>();
        private String printed = "";

        StreamingListener(TextTokenizer tokenizer, Consumer<String> stream) {
            this.tokenizer = tokenizer;
            this.stream = stream;
        }

        @Override
        public void onToken(int row, long token) {
            if (tokenizer == null) {
                stream.accept(" " + token);
                return;
            }
            ids.add(token);
            String text = tokenizer.decode(ids.stream().mapToLong(Long::longValue).toArray());
            if (text.startsWith(printed) && !text.endsWith("\uFFFD")) {
                stream.accept(text.substring(printed.length()));
                printed = text;
            }
        }
    }
}
