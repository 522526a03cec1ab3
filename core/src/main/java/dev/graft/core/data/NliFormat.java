package dev.graft.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The NLI file layouts Graft reads; {@link #detect} tells them apart from a file's first line. */
public enum NliFormat {
    /** SNLI 1.0 {@code .jsonl}: {@code gold_label}, {@code sentence1}, {@code sentence2}, {@code pairID} … */
    SNLI_JSONL("snli-jsonl"),
    /** MultiNLI 1.0 {@code .jsonl}: SNLI's fields plus {@code genre} and {@code promptID}. */
    MULTINLI_JSONL("multinli-jsonl"),
    /** SNLI 1.0 {@code .txt}: tab-separated with a header, {@code gold_label} first. */
    SNLI_TXT("snli-txt"),
    /** MultiNLI 1.0 {@code .txt}: SNLI's columns plus {@code genre} and {@code promptID}. */
    MULTINLI_TXT("multinli-txt"),
    /** GLUE MNLI / SNLI / RTE {@code .tsv}: {@code index} first; label in {@code gold_label} or {@code label}, absent in test files. */
    GLUE_TSV("glue-tsv"),
    /** Hugging Face {@code datasets} export to JSON lines: {@code premise}, {@code hypothesis}, {@code label}, maybe {@code idx}. */
    HF_JSONL("hf-jsonl"),
    /** Hugging Face {@code datasets} export to CSV with a header: the same columns. */
    HF_CSV("hf-csv");

    private final String cliName;

    NliFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in statistics. */
    public String cliName() {
        return cliName;
    }

    public static String allNames() {
        return Arrays.stream(values()).map(NliFormat::cliName).collect(Collectors.joining(", "));
    }

    public static NliFormat fromName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (NliFormat f : values()) {
            if (f.cliName.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a format; use one of " + allNames());
    }

    /** Whether the first line is a header (and not a row). */
    boolean hasHeader() {
        return this != SNLI_JSONL && this != MULTINLI_JSONL && this != HF_JSONL;
    }

    /**
     * The format of a file whose first non-blank line is {@code firstLine} (found at {@code where},
     * {@code file:line}): a JSON object's field names, or a header's column names, decide.
     */
    public static NliFormat detect(String firstLine, String where) {
        String line = firstLine.strip();
        if (line.startsWith("{")) {
            return detectJson(line, where);
        }
        if (line.indexOf('\t') >= 0) {
            List<String> columns = List.of(line.split("\t", -1));
            if (columns.contains("sentence1") && columns.contains("sentence2")) {
                if (columns.get(0).equals("index")) {
                    return GLUE_TSV;
                }
                if (columns.contains("gold_label")) {
                    return columns.contains("genre") ? MULTINLI_TXT : SNLI_TXT;
                }
            }
            throw unknown(where, "a tab-separated header with columns " + columns);
        }
        if (line.indexOf(',') >= 0) {
            List<String> columns = CsvSource.splitHeader(line);
            if (columns.contains("premise") && columns.contains("hypothesis")) {
                return HF_CSV;
            }
            throw unknown(where, "a comma-separated header with columns " + columns);
        }
        throw unknown(where, "'" + abbreviate(line) + "'");
    }

    private static NliFormat detectJson(String line, String where) {
        JsonNode node;
        try {
            node = DataJson.MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new NliDataException(where + ": starts like JSON lines but is not valid JSON: "
                    + e.getOriginalMessage() + " (pass --format to read it as another format)");
        }
        if (node.has("sentence1") && node.has("sentence2") && node.has("gold_label")) {
            return node.has("genre") ? MULTINLI_JSONL : SNLI_JSONL;
        }
        if (node.has("premise") && node.has("hypothesis")) {
            return HF_JSONL;
        }
        List<String> fields = node.isObject() ? fieldNames(node) : List.of();
        throw unknown(where, "a JSON object with fields " + fields);
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(java.util.Map.Entry::getKey).collect(Collectors.toList());
    }

    private static NliDataException unknown(String where, String found) {
        return NliDataException.unknownFormat(where + ": cannot tell the NLI format: expected SNLI/MultiNLI fields"
                + " (gold_label, sentence1, sentence2), a GLUE header starting with 'index', or HF columns"
                + " (premise, hypothesis, label); found " + found, "Pass --format (" + allNames() + ")");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
