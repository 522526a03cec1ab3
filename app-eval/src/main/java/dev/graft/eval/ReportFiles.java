package dev.graft.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The files of a run directory and how they are written. */
public final class ReportFiles {
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    public static final String PREDICTIONS = "predictions.jsonl";

    /** Every file a run writes, so an earlier run's can be removed before a new one writes any. */
    static final List<String> OUTPUTS = List.of(JSON, MARKDOWN, HTML, PREDICTIONS);

    private ReportFiles() {}

    /**
     * Makes {@code dir} ready for a run: creates it and removes an earlier report's files, so that no file
     * of that run can be read as one of this run's. Returns the names removed.
     */
    static List<String> prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file: name a directory for the reports");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + dir + ": cannot create the directory (" + e.getMessage() + ")", e);
        }
        return remove(dir);
    }

    /** Removes the files of {@link #OUTPUTS} that are in {@code dir}; returns their names. */
    static List<String> remove(Path dir) {
        List<String> removed = new ArrayList<>();
        for (String name : OUTPUTS) {
            try {
                if (Files.deleteIfExists(dir.resolve(name))) {
                    removed.add(name);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + dir.resolve(name) + " (" + e.getMessage() + ")", e);
            }
        }
        return removed;
    }

    /**
     * Writes report.md, report.html and then report.json into {@code dir}: report.json, which eval compare
     * reads, comes last, so it is there only when the others are.
     */
    public static void writeAll(EvalReport report, Path dir) {
        write(dir.resolve(MARKDOWN), ReportMarkdown.render(report));
        String html;
        try {
            html = ReportHtml.render(report);
        } catch (RuntimeException e) {
            // the figures are safe in report.json and report.md; say in the page why the charts are missing
            html = "<!DOCTYPE html><html><body><h1>NLI evaluation</h1><p>The charts could not be drawn ("
                    + ReportHtml.esc(String.valueOf(e)) + "); see report.md.</p></body></html>\n";
        }
        write(dir.resolve(HTML), html);
        write(dir.resolve(JSON), ReportJson.toText(report));
    }

    static void write(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The file name without {@code .gz} and its extension: {@code multinli_1.0_dev_matched}. */
    static String sectionName(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
