package dev.graft.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Comma-separated values as pandas and HF {@code datasets} write them (RFC 4180): a header row,
 * fields quoted with {@code "} when they hold commas, quotes (doubled) or line breaks. A quoted field
 * may span lines; errors name the line the record starts on.
 */
final class CsvSource implements RowSource {
    private final LineCursor lines;
    private final Map<String, Integer> columns;
    private final int width;

    CsvSource(LineCursor lines, String header) {
        this.lines = lines;
        List<String> names = splitHeader(header);
        this.columns = TsvSource.Cells.columnsOf(names);
        this.width = names.size();
    }

    /** A header line's column names (headers never span lines). */
    static List<String> splitHeader(String line) {
        List<String> fields = new ArrayList<>();
        Parse p = parseLine(line, fields, new StringBuilder(), false);
        if (p == Parse.OPEN_QUOTE) {
            fields.add("");
        }
        return fields;
    }

    @Override
    public java.util.Set<String> header() {
        return columns.keySet();
    }

    @Override
    public RawRow next() {
        String text = lines.nextNonBlank();
        if (text == null) {
            return null;
        }
        long start = lines.line();
        String where = lines.where(start);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        Parse p = parseLine(text, fields, field, false);
        while (p == Parse.OPEN_QUOTE) {
            String more = lines.next();
            if (more == null) {
                throw new NliDataException(where + ": quoted field opened on this line is never closed",
                        SkipReason.BAD_CSV);
            }
            field.append('\n');
            p = parseLine(more, fields, field, true);
        }
        if (fields.size() != width) {
            throw new NliDataException(where + ": expected " + width + " comma-separated columns as in the header, found "
                    + fields.size(), SkipReason.WRONG_COLUMN_COUNT);
        }
        return new TsvSource.Cells(where, start, columns, fields.toArray(String[]::new));
    }

    private enum Parse { DONE, OPEN_QUOTE }

    /**
     * Appends the fields of {@code line} to {@code fields}. With {@code inQuote}, the line continues a
     * quoted field held in {@code field}; returns {@link Parse#OPEN_QUOTE} when the line ends inside one.
     */
    private static Parse parseLine(String line, List<String> fields, StringBuilder field, boolean inQuote) {
        boolean quoted = inQuote;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else {
                field.append(c); // a stray quote inside an unquoted field is kept, as Python's csv does
            }
            i++;
        }
        if (quoted) {
            return Parse.OPEN_QUOTE;
        }
        fields.add(field.toString());
        field.setLength(0);
        return Parse.DONE;
    }
}
