package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Fixed sinusoidal position encodings (Vaswani et al. 2017, §3.5):
 * {@code PE[pos, 2i] = sin(pos / 10000^(2i/d))}, {@code PE[pos, 2i+1] = cos(pos / 10000^(2i/d))}.
 * No parameters; the table is computed for the positions asked for.
 */
public final class SinusoidalPositions extends GraftBlock {
    private final long dim;

    public SinusoidalPositions(long dim) {
        if (dim <= 0 || dim % 2 != 0) {
            throw new IllegalArgumentException("sinusoidal positions need an even positive width, got " + dim);
        }
        this.dim = dim;
    }

    /** (length, dim) encodings of positions {@code offset .. offset + length - 1}. */
    public NDArray table(NDManager manager, long offset, long length) {
        // Computed in double then narrowed, so long positions keep their precision.
        double[] values = new double[Math.toIntExact(length * dim)];
        for (long pos = 0; pos < length; pos++) {
            for (long i = 0; i < dim / 2; i++) {
                double angle = (pos + offset) / Math.pow(10000.0, 2.0 * i / dim);
                values[(int) (pos * dim + 2 * i)] = Math.sin(angle);
                values[(int) (pos * dim + 2 * i + 1)] = Math.cos(angle);
            }
        }
        return manager.create(values, new Shape(length, dim)).toType(DataType.FLOAT32, false);
    }

    /** Input: (B, T, dim) embeddings. Output: the same plus the encoding of each position. */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray pe = table(x.getManager(), 0, x.getShape().get(1)).toDevice(x.getDevice(), false);
        return new NDList(x.add(pe.expandDims(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
