package dev.graft.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What reading a file (or several) came to.
 *
 * @param rowsRead records seen, blank lines and headers aside
 * @param rowsUsed records that became examples
 * @param skipped records not used, by reason
 * @param badRows the messages of the first {@link #MAX_MESSAGES} malformed rows skipped, so the end-of-run
 *     report shows where they are
 * @param integerLabelRows rows whose label was a class index, mapped through the label order
 */
public record ReadCounts(long rowsRead, long rowsUsed, Map<SkipReason, Long> skipped, List<String> badRows,
        long integerLabelRows) {
    public static final int MAX_MESSAGES = 20;

    public static final ReadCounts EMPTY = new ReadCounts(0, 0, Map.of(), List.of(), 0);

    public ReadCounts {
        EnumMap<SkipReason, Long> copy = new EnumMap<>(SkipReason.class);
        copy.putAll(skipped);
        skipped = Collections.unmodifiableMap(copy);
        badRows = List.copyOf(badRows);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Counts of two reads together (several files of one dataset). */
    public ReadCounts plus(ReadCounts o) {
        EnumMap<SkipReason, Long> s = new EnumMap<>(SkipReason.class);
        s.putAll(skipped);
        o.skipped.forEach((k, v) -> s.merge(k, v, Long::sum));
        List<String> messages = new ArrayList<>(badRows);
        o.badRows.stream().limit(Math.max(0, MAX_MESSAGES - messages.size())).forEach(messages::add);
        return new ReadCounts(rowsRead + o.rowsRead, rowsUsed + o.rowsUsed, s, messages,
                integerLabelRows + o.integerLabelRows);
    }
}
