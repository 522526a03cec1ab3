package dev.graft.core.generate;

import java.util.List;
import java.util.OptionalLong;

/** A model that can be decoded token by token (GPT-2, T5). */
public interface Decoder {
    /**
     * @param prompts one token sequence per row, unpadded, of any lengths
     * @param useCache keep keys and values between steps (false recomputes the whole sequence each step)
     */
    DecodingSession start(List<long[]> prompts, boolean useCache);

    /** The most positions a prompt plus its continuation may take, or {@link Integer#MAX_VALUE}. */
    int maxLength();

    /** Whether the prompt counts towards {@link #maxLength()} (decoder-only models) or not (T5's encoder input). */
    boolean promptSharesPositions();

    /** The config's end-of-sequence token, when it names one inside the vocabulary. */
    OptionalLong eosTokenId();

    int vocabSize();

    /**
     * The whole sequence as HF's {@code generate()} returns it: prompt and continuation for
     * decoder-only models, decoder start token and continuation for encoder-decoders.
     */
    long[] fullSequence(long[] prompt, long[] generated);
}
