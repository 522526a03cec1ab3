package dev.graft.finetune;

import dev.graft.core.data.BatchConfig;
import dev.graft.core.tokenize.TextTokenizer;
import java.util.List;
import java.util.Map;

/**
 * A labelled train and dev set for {@link FinetuneJob}: what differs between sentence-pair (NLI) and
 * single-sentence classification, so that loading, methods, training and outputs are one code path.
 */
interface ClassificationData {
    /** run.json's {@code task}: {@code nli}, {@code text}. */
    String task();

    /** The dev rows' labels, in file order ({@link LearningCheck} compares with the commonest). */
    List<String> devLabels();

    /** id2label of a new classifier, for a model that has none (a masked-LM checkpoint). */
    Map<Integer, String> newLabels();

    /**
     * The splits' batches with labels as the model's classes; stops with a message naming both label sets
     * when a data label is not among the model's.
     */
    Splits bind(Map<Integer, String> id2label, TextTokenizer tokenizer);

    /** Batches of each split, cut as {@code config} says. */
    interface Splits {
        BatchSource train(BatchConfig config);

        BatchSource dev(BatchConfig config);
    }
}
