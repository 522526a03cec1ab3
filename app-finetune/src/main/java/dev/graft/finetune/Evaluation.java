package dev.graft.finetune;

import java.util.Map;

/**
 * Dev figures of one evaluation.
 *
 * @param loss mean loss per loss term (row or target token)
 * @param accuracy the task's accuracy: the class for classification, the next token on completion
 *     tokens for causal LM, the original token at masked positions for masked LM
 * @param examples rows evaluated
 * @param extra further figures by their metrics.jsonl name ({@code perplexity}, {@code tokens}), in order
 */
public record Evaluation(double loss, double accuracy, int examples, Map<String, Double> extra) {
    public Evaluation {
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    public Evaluation(double loss, double accuracy, int examples) {
        this(loss, accuracy, examples, Map.of());
    }
}
