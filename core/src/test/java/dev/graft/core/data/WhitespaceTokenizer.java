package dev.graft.core.data;

import dev.graft.core.tokenize.Encoding;
import dev.graft.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test tokenizer: lower-cased words split on white space, BERT's {@code [CLS] a [SEP] b [SEP]}
 * layout, ids given out in order of first sight. Its pad id is 1 (as RoBERTa's), so code that pads
 * with 0 shows up.
 */
final class WhitespaceTokenizer implements TextTokenizer {
    static final long PAD = 1;
    private static final long CLS = 2;
    private static final long SEP = 3;

    private final Map<String, Long> vocab = new HashMap<>();
    private final List<String> words = new ArrayList<>(List.of("[UNK]", "[PAD]", "[CLS]", "[SEP]"));
    private final int maxLength;

    WhitespaceTokenizer(int maxLength) {
        this.maxLength = maxLength;
    }

    WhitespaceTokenizer() {
        this(512);
    }

    @Override
    public Encoding encode(String text) {
        List<String> tokens = new ArrayList<>();
        tokens.add("[CLS]");
        tokens.addAll(split(text));
        tokens.add("[SEP]");
        return encoding(tokens, tokens.size());
    }

    @Override
    public Encoding encodePair(String first, String second) {
        List<String> tokens = new ArrayList<>();
        tokens.add("[CLS]");
        tokens.addAll(split(first));
        tokens.add("[SEP]");
        int firstSegment = tokens.size();
        tokens.addAll(split(second));
        tokens.add("[SEP]");
        return encoding(tokens, firstSegment);
    }

    private Encoding encoding(List<String> tokens, int firstSegment) {
        int n = Math.min(tokens.size(), maxLength);
        long[] ids = new long[n];
        long[] types = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = id(tokens.get(i));
            types[i] = i < firstSegment ? 0 : 1;
        }
        return new Encoding(ids, types, tokens.subList(0, n).toArray(String[]::new));
    }

    private synchronized long id(String token) {
        if (token.equals("[CLS]")) {
            return CLS;
        }
        if (token.equals("[SEP]")) {
            return SEP;
        }
        return vocab.computeIfAbsent(token, t -> {
            words.add(t);
            return (long) words.size() - 1;
        });
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(java.util.Locale.ROOT).split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public String decode(long[] ids) {
        StringBuilder sb = new StringBuilder();
        for (long id : ids) {
            sb.append(sb.length() == 0 ? "" : " ").append(words.get((int) id));
        }
        return sb.toString();
    }

    @Override
    public long padId() {
        return PAD;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {}
}
