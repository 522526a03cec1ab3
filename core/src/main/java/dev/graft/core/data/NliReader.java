package dev.graft.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads an NLI file row by row: SNLI, MultiNLI, GLUE and HF exports (see {@link NliFormat}), gzip or
 * not. Only the current row is in memory, so MultiNLI's 393k training pairs stream through in
 * constant space; collect them only where a step (shuffling) needs them all.
 *
 * <p>Rows without a gold label ({@code -}, -1) are skipped and counted. A malformed row stops reading
 * with an {@link NliDataException} naming {@code file:line} and the field, unless
 * {@link ReadOptions#skipBadRows()}, which counts it instead ({@link #counts()}).
 */
public final class NliReader implements Iterator<NliExample>, AutoCloseable {
    private final Path file;
    private final NliFormat format;
    private final ReadOptions options;
    private final LineCursor lines;
    private final RowSource source;
    private final RowSchema schema;

    private long rowsRead;
    private long rowsUsed;
    private long integerLabelRows;
    private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final List<String> badRows = new ArrayList<>();

    private NliExample next;
    private boolean done;

    private NliReader(Path file, ReadOptions options, LineCursor lines, String firstLine) {
        this.file = file;
        this.options = options;
        this.lines = lines;
        String where = lines.where();
        this.format = options.format() != null ? options.format() : NliFormat.detect(firstLine, where);
        this.source = RowSource.create(format, lines, firstLine);
        this.schema = RowSchema.of(format, source.header(), where);
    }

    /** Opens {@code file}, detecting its format unless {@code options} name one. */
    public static NliReader open(Path file, ReadOptions options) {
        LineCursor lines = LineCursor.open(file);
        try {
            String first = lines.nextNonBlank();
            if (first == null) {
                throw new NliDataException(file + ": is empty, expected NLI rows");
            }
            return new NliReader(file, options, lines, first);
        } catch (RuntimeException e) {
            lines.close();
            throw e;
        }
    }

    /** The examples of {@code file} as a lazy stream; close it (try-with-resources) to close the file. */
    public static Stream<NliExample> stream(Path file, ReadOptions options) {
        return open(file, options).stream();
    }

    /** This reader as a lazy stream that closes the reader when closed. */
    public Stream<NliExample> stream() {
        Spliterator<NliExample> split = Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(split, false).onClose(this::close);
    }

    public Path file() {
        return file;
    }

    public NliFormat format() {
        return format;
    }

    /** Counts so far; complete once {@link #hasNext()} returned false. */
    public ReadCounts counts() {
        return new ReadCounts(rowsRead, rowsUsed, skipped, badRows, integerLabelRows);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            next = readOne();
        }
        return next != null;
    }

    @Override
    public NliExample next() {
        if (!hasNext()) {
            throw new NoSuchElementException(file + ": no more rows");
        }
        NliExample e = next;
        next = null;
        return e;
    }

    /** The next usable example, or null when a row was skipped or the file ended ({@code done}). */
    private NliExample readOne() {
        RawRow row;
        try {
            row = source.next();
        } catch (NliDataException e) {
            if (e.reason() != null) {
                rowsRead++; // the source consumed the malformed row before failing
            }
            return skipOrThrow(e);
        }
        if (row == null) {
            done = true;
            close();
            return null;
        }
        rowsRead++;
        try {
            schema.checkRequired(row);
            RowSchema.Label label = schema.label(row, options.labelOrder());
            if (label == RowSchema.Label.NO_GOLD) {
                skipped.merge(SkipReason.NO_GOLD_LABEL, 1L, Long::sum);
                return null;
            }
            NliExample example = schema.example(row, label.label());
            if (label.fromIndex()) {
                integerLabelRows++;
            }
            rowsUsed++;
            return example;
        } catch (NliDataException e) {
            return skipOrThrow(e);
        }
    }

    private NliExample skipOrThrow(NliDataException e) {
        if (e.reason() == null || !options.skipBadRows()) {
            done = true;
            close();
            throw e;
        }
        skipped.merge(e.reason(), 1L, Long::sum);
        if (badRows.size() < ReadCounts.MAX_MESSAGES) {
            badRows.add(e.getMessage());
        }
        return null;
    }

    @Override
    public void close() {
        lines.close();
    }
}
