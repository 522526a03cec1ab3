package dev.graft.core.tokenize.stats;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tokenizer quality on a text, the measures of Rust et al. 2021 ("How Good is Your Tokenizer? On the
 * Monolingual Performance of Multilingual Language Models", §4.1) plus sequence lengths.
 *
 * @param tokenizer the tokenizer.json measured
 * @param input the text file
 * @param lines non-blank lines measured (blank lines are skipped)
 * @param words whitespace-separated words
 * @param tokens tokens, special tokens excluded
 * @param fertility tokens per word: the tokens that cover part of a word, divided by the words (1.0 = every word is one token)
 * @param continuedWords share of words split into two or more tokens
 * @param unkRate share of tokens that are the unknown token (0 for byte-level vocabularies)
 * @param lengths tokens per line: p50, p90, p95, p99 (nearest rank) and the maximum
 */
public record StatsResult(String tokenizer, String input, long lines, long words, long tokens, double fertility,
        double continuedWords, double unkRate, Percentiles lengths) {

    /** Nearest-rank percentiles: the smallest value with at least p% of the values at or below it. */
    public record Percentiles(int p50, int p90, int p95, int p99, int max) {}

    public String toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("tokenizer", tokenizer);
        n.put("input", input);
        n.put("lines", lines);
        n.put("words", words);
        n.put("tokens", tokens);
        n.put("fertility", round(fertility));
        n.put("continued_words", round(continuedWords));
        n.put("unk_rate", round(unkRate));
        ObjectNode l = n.putObject("tokens_per_line");
        l.put("p50", lengths.p50()).put("p90", lengths.p90()).put("p95", lengths.p95()).put("p99", lengths.p99())
                .put("max", lengths.max());
        return n.toString();
    }

    private static double round(double x) {
        return Math.round(x * 1e4) / 1e4;
    }
}
