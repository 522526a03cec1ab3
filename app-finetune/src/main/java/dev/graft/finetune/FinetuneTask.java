package dev.graft.finetune;

import java.util.Locale;

/** What {@code graft finetune --task} trains. */
public enum FinetuneTask {
    /** Sentence-pair classification (NLI) of a BERT-family encoder. */
    NLI,
    /** Single-sentence classification (sentiment, topic …) of a BERT-family encoder, labels by name. */
    TEXT,
    /** Causal-LM tuning of GPT-2 on {@code {prompt, completion}} rows, the loss on completions. */
    CAUSAL_LM;

    /** The command-line name: {@code nli}, {@code text}, {@code causal-lm}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FinetuneTask named(String name) {
        for (FinetuneTask t : values()) {
            if (t.cliName().equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown --task '" + name + "'; available: nli, text, causal-lm");
    }
}
