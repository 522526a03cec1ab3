package dev.graft.finetune;

import java.io.PrintStream;

/**
 * {@code --max-length} against the model's position table. Tokenizing longer than the table would fail at
 * the first long batch, mid-training. So the length is capped where the run starts, and a note names the
 * flag, as Hugging Face's tokenizers cap at {@code model_max_length}. Prompt tuning's virtual tokens take
 * positions too.
 */
final class InputLength {
    /** The shortest input that still holds a pair: [CLS] a [SEP] b [SEP] and a few more. */
    static final int MIN = 8;

    private InputLength() {}

    /**
     * @param positions the model's longest input ({@code max_position_embeddings}, less RoBERTa's offset)
     * @return the length to tokenize to
     */
    static int fit(FinetuneConfig config, int positions, PrintStream log) {
        int prompt = config.method().equals("prompt") ? promptTokens(config) : 0;
        int fits = positions - prompt;
        String why = "the model's " + positions + " positions (max_position_embeddings)"
                + (prompt == 0 ? "" : " less --prompt-tokens " + prompt);
        if (fits < MIN) {
            throw new IllegalArgumentException("inputs would have room for only " + fits + " tokens: " + why
                    + "; lower --prompt-tokens");
        }
        if (config.maxLength() <= fits) {
            return config.maxLength();
        }
        log.println("note: --max-length " + config.maxLength() + " is more than " + why + "; inputs are cut to " + fits
                + " tokens");
        return fits;
    }

    private static int promptTokens(FinetuneConfig config) {
        Integer n = config.methodOptions().promptTokens();
        return n == null ? MethodOptions.PROMPT_TOKENS : n;
    }
}
