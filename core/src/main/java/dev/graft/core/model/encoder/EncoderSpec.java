package dev.graft.core.model.encoder;

import dev.graft.core.nn.LayerSpec;
import java.util.Objects;

/**
 * Everything needed to build an encoder-only model; BERT, RoBERTa and DistilBERT configs map onto it,
 * so one implementation serves the three families through these switches.
 *
 * @param typeVocabSize token-type rows; 0 for models without token types (DistilBERT)
 * @param embeddingDropout dropout after the embedding LayerNorm
 * @param numLabels classes of the classification head
 */
public record EncoderSpec(
        LayerSpec layer,
        int numLayers,
        int vocabSize,
        int maxPositions,
        int typeVocabSize,
        PositionStyle positionStyle,
        int padId,
        float embeddingDropout,
        HeadStyle headStyle,
        float classifierDropout,
        int numLabels) {

    public EncoderSpec {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(positionStyle, "positionStyle");
        Objects.requireNonNull(headStyle, "headStyle");
        if (numLayers <= 0 || vocabSize <= 0 || maxPositions <= 0 || numLabels <= 0) {
            throw new IllegalArgumentException("layers, vocabulary, positions and labels must be positive: "
                    + numLayers + ", " + vocabSize + ", " + maxPositions + ", " + numLabels);
        }
        if (typeVocabSize < 0) {
            throw new IllegalArgumentException("token type vocabulary must be >= 0, got " + typeVocabSize);
        }
    }

    /** Whether this family has BERT's pooler in its body. */
    public boolean hasPooler() {
        return headStyle == HeadStyle.BERT;
    }

    /** The longest input: RoBERTa loses {@code pad_id + 1} rows of its table to the offset. */
    public int maxSequenceLength() {
        return positionStyle == PositionStyle.AFTER_PADDING ? maxPositions - padId - 1 : maxPositions;
    }
}
