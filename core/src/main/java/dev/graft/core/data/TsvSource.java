package dev.graft.core.data;

import java.util.List;
import java.util.Map;

/**
 * Tab-separated text with a header row (SNLI/MultiNLI {@code .txt}, GLUE {@code .tsv}). Fields are
 * split on tabs only: the datasets do not quote, and their sentences hold unbalanced quotes that a
 * CSV reader would swallow whole lines for.
 */
final class TsvSource implements RowSource {
    private final LineCursor lines;
    private final Map<String, Integer> columns;
    private final int width;

    TsvSource(LineCursor lines, String header) {
        this.lines = lines;
        List<String> names = List.of(header.split("\t", -1));
        this.columns = Cells.columnsOf(names);
        this.width = names.size();
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
        String[] cells = text.split("\t", -1);
        if (cells.length != width) {
            throw new NliDataException(lines.where() + ": expected " + width
                    + " tab-separated columns as in the header, found " + cells.length, SkipReason.WRONG_COLUMN_COUNT);
        }
        return new Cells(lines.where(), lines.line(), columns, cells);
    }

    /** A row of a file with a header: shared by the TSV and CSV readers. */
    record Cells(String where, long line, Map<String, Integer> columns, String[] cells) implements RawRow {
        /** Column index by stripped header name; a repeated name keeps its first column. */
        static Map<String, Integer> columnsOf(List<String> names) {
            Map<String, Integer> columns = new java.util.LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                columns.putIfAbsent(names.get(i).strip(), i);
            }
            return columns;
        }

        @Override
        public String text(String field) {
            Integer i = columns.get(field);
            return i == null ? null : cells[i];
        }

        @Override
        public String textOrInteger(String field) {
            return text(field);
        }
    }
}
