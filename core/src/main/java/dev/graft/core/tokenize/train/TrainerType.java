package dev.graft.core.tokenize.train;

import java.util.List;

/** The two tokenizer families Graft trains, each in the layout of the model family it serves. */
public enum TrainerType {
    /** BERT style: normalised words split into {@code ##}-continued pieces, {@code [CLS] a [SEP] b [SEP]}. */
    WORDPIECE("wordpiece", 512, List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")),
    /** GPT-2 style: byte-level BPE over unchanged text, no special tokens added when encoding. */
    BPE("bpe", 1024, List.of("<|endoftext|>"));

    private final String cliName;
    private final int defaultMaxLength;
    private final List<String> specialTokens;

    TrainerType(String cliName, int defaultMaxLength, List<String> specialTokens) {
        this.cliName = cliName;
        this.defaultMaxLength = defaultMaxLength;
        this.specialTokens = specialTokens;
    }

    /** The name on the command line and in results: {@code wordpiece}, {@code bpe}. */
    public String cliName() {
        return cliName;
    }

    /** The {@code model_max_length} written when none is asked for: BERT's 512, GPT-2's 1024. */
    public int defaultMaxLength() {
        return defaultMaxLength;
    }

    /** The special tokens, which take ids 0, 1, ... in this order. */
    public List<String> specialTokens() {
        return specialTokens;
    }

    /** Parses a command-line name in any case. */
    public static TrainerType parse(String name) {
        for (TrainerType t : values()) {
            if (t.cliName.equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a tokenizer type; use wordpiece or bpe");
    }
}
