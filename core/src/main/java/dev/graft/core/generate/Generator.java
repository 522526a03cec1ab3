package dev.graft.core.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Autoregressive decoding of a batch of requests, each with its own parameters and seeded sampler:
 * at every step the model scores the next token of every row, each row picks its own, and rows that
 * have stopped are fed their last token (and ignored) until the whole batch is done.
 */
public final class Generator {
    private final Decoder decoder;
    private final Function<long[], String> detokenizer;

    /** @param detokenizer ids to text, for stop strings and the result text; null without a tokenizer */
    public Generator(Decoder decoder, Function<long[], String> detokenizer) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.detokenizer = detokenizer;
    }

    public List<GenerationResult> generate(List<GenerationRequest> requests, boolean useCache, TokenListener listener) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (GenerationRequest r : requests) {
            validate(r);
            rows.add(new Row(r));
        }
        List<long[]> prompts = new ArrayList<>();
        rows.forEach(r -> prompts.add(r.request.prompt()));
        try (DecodingSession session = decoder.start(prompts, useCache)) {
            float[][] logits = session.next(null);
            while (true) {
                long[] appended = new long[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    Row row = rows.get(i);
                    if (row.finish == null) {
                        long token = row.sampler.next(logits[i], row.context());
                        row.append(token);
                        listener.onToken(i, token);
                        row.checkStop(token);
                    }
                    appended[i] = row.last();
                }
                if (rows.stream().allMatch(r -> r.finish != null)) {
                    break;
                }
                logits = session.next(appended);
            }
        }
        List<GenerationResult> results = new ArrayList<>();
        for (Row row : rows) {
            results.add(row.result());
        }
        return results;
    }

    private void validate(GenerationRequest r) {
        GenerationConfig c = r.config();
        for (long id : r.prompt()) {
            if (id < 0 || id >= decoder.vocabSize()) {
                throw new IllegalArgumentException("prompt token " + id + " is outside the vocabulary [0, "
                        + (decoder.vocabSize() - 1) + "]");
            }
        }
        for (long id : c.stopTokenIds()) {
            // A stop id the model can never produce would silently never stop anything.
            if (id < 0 || id >= decoder.vocabSize()) {
                throw new IllegalArgumentException("stop token " + id + " is outside the vocabulary [0, "
                        + (decoder.vocabSize() - 1) + "]: the model can never generate it");
            }
        }
        long needed = (decoder.promptSharesPositions() ? r.prompt().length : 0) + (long) c.maxNewTokens();
        if (needed > decoder.maxLength()) {
            throw new IllegalArgumentException("prompt (" + r.prompt().length + " tokens) + max_new_tokens ("
                    + c.maxNewTokens() + ") = " + needed + " exceeds the model's position limit of " + decoder.maxLength());
        }
        if (!c.stopStrings().isEmpty() && detokenizer == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer (tokenizer.json beside the model)");
        }
    }

    /** One request's progress. */
    private final class Row {
        final GenerationRequest request;
        final Sampler sampler;
        long[] generated = new long[8];
        int count;
        FinishReason finish;
        String text;

        Row(GenerationRequest request) {
            this.request = request;
            this.sampler = new Sampler(request.config());
        }

        long[] context() {
            long[] prompt = request.prompt();
            long[] all = Arrays.copyOf(prompt, prompt.length + count);
            System.arraycopy(generated, 0, all, prompt.length, count);
            return all;
        }

        void append(long token) {
            if (count == generated.length) {
                generated = Arrays.copyOf(generated, count * 2);
            }
            generated[count++] = token;
        }

        long last() {
            return count == 0 ? request.prompt()[request.prompt().length - 1] : generated[count - 1];
        }

        void checkStop(long token) {
            GenerationConfig c = request.config();
            boolean eos = decoder.eosTokenId().isPresent() && decoder.eosTokenId().getAsLong() == token;
            if (eos || c.stopTokenIds().contains(token)) {
                finish = FinishReason.STOP;
            } else if (!c.stopStrings().isEmpty() && cutAtStopString()) {
                finish = FinishReason.STOP;
            } else if (count >= c.maxNewTokens()) {
                finish = FinishReason.LENGTH;
            }
        }

        /** Whether the continuation now contains a stop string; if so the text is cut before it. */
        private boolean cutAtStopString() {
            String decoded = detokenizer.apply(Arrays.copyOf(generated, count));
            int cut = -1;
            for (String s : request.config().stopStrings()) {
                int at = decoded.indexOf(s);
                if (at >= 0 && (cut < 0 || at < cut)) {
                    cut = at;
                }
            }
            if (cut >= 0) {
                text = decoded.substring(0, cut);
            }
            return cut >= 0;
        }

        GenerationResult result() {
            long[] ids = Arrays.copyOf(generated, count);
            String out = text != null ? text : detokenizer == null ? null : detokenizer.apply(ids);
            return new GenerationResult(request.prompt(), ids, out, finish);
        }
    }
}
