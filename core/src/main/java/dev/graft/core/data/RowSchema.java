package dev.graft.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which field of a format holds what, and the mapping of one {@link RawRow} onto an {@link NliExample}.
 * Header formats are resolved against the header when the file opens, so a file lacking a needed
 * column fails once, at line 1, rather than on every row.
 *
 * @param premise field of the premise
 * @param hypothesis field of the hypothesis
 * @param label field of the gold label; null for files without labels (GLUE test)
 * @param id field of the pair id; null to use the line number
 * @param genre field of the genre, or null
 * @param promptId field of the prompt id, or null
 * @param required fields every row must hold (JSON) or the header must name (TSV, CSV)
 */
record RowSchema(String premise, String hypothesis, String label, String id, String genre, String promptId,
        List<String> required) {
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

    /** The schema of {@code format}; {@code header} holds the column names of header formats, else null. */
    static RowSchema of(NliFormat format, Set<String> header, String where) {
        RowSchema s = switch (format) {
            case SNLI_JSONL, SNLI_TXT -> new RowSchema("sentence1", "sentence2", "gold_label", "pairID", null, null,
                    List.of("gold_label", "sentence1", "sentence2", "pairID"));
            case MULTINLI_JSONL, MULTINLI_TXT -> new RowSchema("sentence1", "sentence2", "gold_label", "pairID", "genre",
                    "promptID", List.of("gold_label", "sentence1", "sentence2", "pairID", "genre", "promptID"));
            case GLUE_TSV -> new RowSchema("sentence1", "sentence2",
                    first(header, "gold_label", "label"), first(header, "index", "pairID"),
                    first(header, "genre"), first(header, "promptID"), List.of("sentence1", "sentence2"));
            case HF_JSONL -> new RowSchema("premise", "hypothesis", "label", "idx", null, null,
                    List.of("premise", "hypothesis", "label"));
            case HF_CSV -> new RowSchema("premise", "hypothesis", first(header, "label"), first(header, "idx"), null, null,
                    List.of("premise", "hypothesis"));
        };
        if (header != null) {
            List<String> missing = new ArrayList<>(s.required);
            missing.removeAll(header);
            if (!missing.isEmpty()) {
                throw new NliDataException(where + ": header of a " + format.cliName() + " file lacks the column"
                        + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing.stream().map(m -> "'" + m + "'").toList()) + "; found " + abbreviate(header.toString()));
            }
        }
        return s;
    }

    /** A header that is really a JSON row (a wrong --format) can run to kilobytes: keep the message short. */
    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    private static String first(Set<String> header, String... names) {
        for (String n : names) {
            if (header != null && header.contains(n)) {
                return n;
            }
        }
        return null;
    }

    /** What the label field of a row says. */
    record Label(NliLabel label, boolean fromIndex) {
        /** The row says there is no gold label: skip it. */
        static final Label NO_GOLD = new Label(null, false);
        /** The file carries no labels at all (a test split): keep the row, unlabelled. */
        static final Label UNLABELLED = new Label(null, false);
    }

    /** The example a row holds, with the label {@link #label} read from it. */
    NliExample example(RawRow row, NliLabel gold) {
        String idText = id == null ? null : row.textOrInteger(id);
        return new NliExample(
                idText == null ? Long.toString(row.line()) : idText,
                require(row, premise, row.text(premise)),
                require(row, hypothesis, row.text(hypothesis)),
                gold,
                genre == null ? null : require(row, genre, row.text(genre)),
                promptId == null ? null : require(row, promptId, row.textOrInteger(promptId)),
                row.where());
    }

    /** Fails on the first required field the row lacks (JSON rows; header formats were checked at open). */
    void checkRequired(RawRow row) {
        for (String field : required) {
            require(row, field, row.textOrInteger(field));
        }
    }

    /** Reads the label field; null schema label means the file carries no labels. */
    Label label(RawRow row, LabelOrder order) {
        if (label == null) {
            return Label.UNLABELLED;
        }
        String text = require(row, label, row.textOrInteger(label)).strip();
        if (text.equals("-")) {
            return Label.NO_GOLD;
        }
        if (INTEGER.matcher(text).matches()) {
            int index = Integer.parseInt(text);
            if (index == -1) {
                return Label.NO_GOLD;
            }
            NliLabel l = order.at(index);
            if (l == null) {
                throw new NliDataException(row.where() + ": field '" + label + "': class " + index
                        + " is not in the label order " + order + " (set it with --label-order)", SkipReason.UNKNOWN_LABEL);
            }
            return new Label(l, true);
        }
        NliLabel l = NliLabel.fromName(text);
        if (l == null) {
            throw new NliDataException(row.where() + ": field '" + label + "': expected entailment, neutral,"
                    + " contradiction, not_entailment, '-' or a class index, found '" + text + "'", SkipReason.UNKNOWN_LABEL);
        }
        return new Label(l, false);
    }

    private static String require(RawRow row, String field, String value) {
        if (value == null) {
            throw new NliDataException(row.where() + ": field '" + field + "' is missing", SkipReason.MISSING_FIELD);
        }
        return value;
    }
}
