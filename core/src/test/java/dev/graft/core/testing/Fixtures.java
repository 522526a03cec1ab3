package dev.graft.core.testing;

import ai.djl.ndarray.NDArray;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Test data shipped in test resources, and comparisons shared by the parity tests. */
public final class Fixtures {
    private Fixtures() {}

    /** A directory or file under {@code src/test/resources/fixtures}. */
    public static Path path(String relative) {
        URL url = Fixtures.class.getResource("/fixtures/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("no test fixture " + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path hf(String name) {
        return path("hf/" + name);
    }

    /**
     * Max |a − b| over the positions where {@code mask} (B, T) is 1; {@code a}, {@code b} are (B, T, ...).
     * Padded positions of an output are unspecified, so they are not compared.
     */
    public static double maxAbsDiffMasked(NDArray a, NDArray b, NDArray mask) {
        assertSameShape(a, b);
        NDArray m = mask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        while (m.getShape().dimension() < a.getShape().dimension()) {
            m = m.expandDims(-1);
        }
        return a.sub(b).abs().mul(m).max().getFloat();
    }

    public static double maxAbsDiff(NDArray a, NDArray b) {
        assertSameShape(a, b);
        return a.sub(b).abs().max().getFloat();
    }

    private static void assertSameShape(NDArray a, NDArray b) {
        if (!a.getShape().equals(b.getShape())) {
            throw new AssertionError("shape " + a.getShape() + " differs from reference " + b.getShape());
        }
    }
}
