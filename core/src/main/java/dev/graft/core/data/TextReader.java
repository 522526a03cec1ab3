package dev.graft.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a single-sentence classification file (gzip or not) into {@link TextExample}s:
 *
 * <ul>
 *   <li>jsonl rows {@code {"text": …, "label": …}}, the label a name or an integer;
 *   <li>GLUE SST-2's tsv: a header naming {@code sentence} and {@code label} columns, one row per line.
 * </ul>
 *
 * An integer label is an index into {@code labelNames} (the {@code --label-names} order): the file alone
 * does not say what 0 and 1 mean, and guessing would silently train the classes the wrong way round. With
 * label names given, a name outside them is an error too, so a typo does not become a new class. Every
 * error names {@code file:line}.
 */
public final class TextReader {
    private final Path file;
    private final List<String> labelNames;

    private TextReader(Path file, List<String> labelNames) {
        this.file = file;
        this.labelNames = List.copyOf(labelNames);
    }

    /**
     * Every row of {@code file}.
     *
     * @param labelNames the names integer labels index, in order; empty when the file's labels are names
     */
    public static List<TextExample> read(Path file, List<String> labelNames) {
        return new TextReader(file, labelNames).readAll();
    }

    private List<TextExample> readAll() {
        try (LineCursor lines = LineCursor.open(file)) {
            String first = lines.nextNonBlank();
            if (first == null) {
                throw new NliDataException(file + ": is empty, expected jsonl {\"text\", \"label\"} rows or an SST-2"
                        + " tsv with a sentence<TAB>label header");
            }
            List<TextExample> rows = new ArrayList<>();
            if (first.stripLeading().startsWith("{")) {
                for (String line = first; line != null; line = lines.nextNonBlank()) {
                    rows.add(jsonRow(line, lines.where()));
                }
            } else {
                readTsv(first, lines, rows);
            }
            if (rows.isEmpty()) {
                throw new NliDataException(file + ": has a header but no rows");
            }
            return rows;
        }
    }

    private TextExample jsonRow(String line, String where) {
        JsonNode row = DataJson.object(line, where, "'text' and 'label'");
        String text = DataJson.text(row, "text", where);
        JsonNode label = row.get("label");
        if (label == null || label.isNull()) {
            throw new NliDataException(where + ": field 'label' is missing");
        }
        if (!label.isTextual() && !label.isIntegralNumber()) {
            throw new NliDataException(where + ": field 'label' must be a name or an integer, found " + DataJson.kind(label));
        }
        JsonNode id = row.hasNonNull("idx") ? row.get("idx") : row.get("id");
        String name = label.isIntegralNumber() ? byIndex(label.asLong(), where) : byName(label.asText(), where);
        return new TextExample(id == null || id.isNull() ? lineOf(where) : id.asText(), text, name, where);
    }

    /** GLUE SST-2: {@code sentence<TAB>label} under a header; the columns are found by name, in any order. */
    private void readTsv(String header, LineCursor lines, List<TextExample> rows) {
        List<String> columns = Arrays.asList(header.split("\t", -1));
        int sentence = columns.indexOf("sentence");
        int label = columns.indexOf("label");
        if (sentence < 0 || label < 0) {
            throw new NliDataException(lines.where() + ": expected a jsonl row or a tsv header with 'sentence' and"
                    + " 'label' columns, found " + columns);
        }
        for (String line = lines.nextNonBlank(); line != null; line = lines.nextNonBlank()) {
            String where = lines.where();
            String[] cells = line.split("\t", -1);
            if (cells.length != columns.size()) {
                throw new NliDataException(where + ": expected " + columns.size() + " tab-separated columns "
                        + columns + ", found " + cells.length);
            }
            String cell = cells[label].strip();
            String name = cell.matches("-?\\d+") ? byIndex(Long.parseLong(cell), where) : byName(cell, where);
            rows.add(new TextExample(lineOf(where), cells[sentence], name, where));
        }
    }

    private String byIndex(long index, String where) {
        if (labelNames.isEmpty()) {
            throw new NliDataException(where + ": integer label " + index + " needs --label-names to say which"
                    + " class each number is (e.g. --label-names negative,positive)");
        }
        if (index < 0 || index >= labelNames.size()) {
            throw new NliDataException(where + ": integer label " + index + " is outside --label-names "
                    + labelNames + " (0.." + (labelNames.size() - 1) + ")");
        }
        return labelNames.get((int) index);
    }

    private String byName(String name, String where) {
        if (name.isBlank()) {
            throw new NliDataException(where + ": field 'label' is empty");
        }
        if (!labelNames.isEmpty() && !labelNames.contains(name)) {
            throw new NliDataException(where + ": unknown label '" + name + "'; --label-names are " + labelNames);
        }
        return name;
    }

    private static String lineOf(String where) {
        return where.substring(where.lastIndexOf(':') + 1);
    }
}
