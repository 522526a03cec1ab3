package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * T5's learned relative position bias (Raffel et al. 2020, §2.1): each key-minus-query distance falls
 * into one of {@code numBuckets} buckets, exact for short distances and logarithmic up to
 * {@code maxDistance}; each bucket holds one scalar per head that is added to the attention scores.
 * Bidirectional in the encoder (half the buckets for keys after the query), causal in the decoder.
 */
public final class RelativePositionBias extends GraftBlock {
    private final int numBuckets;
    private final int maxDistance;
    private final boolean bidirectional;
    private final int numHeads;
    private final Parameter weight;

    public RelativePositionBias(int numBuckets, int maxDistance, int numHeads, boolean bidirectional) {
        if (numBuckets < 2 || maxDistance < 1 || numHeads < 1) {
            throw new IllegalArgumentException("relative attention needs >= 2 buckets, a positive max distance and"
                    + " heads, got " + numBuckets + ", " + maxDistance + ", " + numHeads);
        }
        this.numBuckets = numBuckets;
        this.maxDistance = maxDistance;
        this.bidirectional = bidirectional;
        this.numHeads = numHeads;
        this.weight = param("weight", Parameter.Type.WEIGHT, new NormalInitializer(0.02f), numBuckets, numHeads);
    }

    /** The bucket of a key-minus-query distance, computed in float32 as the reference does. */
    public int bucket(long relativePosition) {
        int buckets = numBuckets;
        int result = 0;
        long distance;
        if (bidirectional) {
            buckets /= 2;
            result += relativePosition > 0 ? buckets : 0;
            distance = Math.abs(relativePosition);
        } else {
            distance = Math.max(-relativePosition, 0);
        }
        int maxExact = buckets / 2;
        if (distance < maxExact) {
            return result + (int) distance;
        }
        float logRatio = (float) Math.log((float) distance / maxExact);
        float scaled = logRatio / (float) Math.log((double) maxDistance / maxExact) * (buckets - maxExact);
        return result + Math.min(maxExact + (int) scaled, buckets - 1);
    }

    /**
     * (1, heads, T, S) bias for queries at positions {@code S - T .. S - 1} (the last T, as with a
     * key-value cache) over keys {@code 0 .. S - 1}.
     */
    public NDArray bias(ParameterStore ps, NDManager manager, long queryLength, long keyLength, boolean training) {
        long offset = keyLength - queryLength;
        long[] buckets = new long[Math.toIntExact(queryLength * keyLength)];
        for (int i = 0; i < queryLength; i++) {
            for (int j = 0; j < keyLength; j++) {
                buckets[(int) (i * keyLength + j)] = bucket(j - (i + offset));
            }
        }
        NDArray ids = manager.create(buckets, new Shape(queryLength, keyLength));
        NDArray table = value(ps, weight, ids, training);
        NDArray values = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow(); // (T, S, nh)
        return values.transpose(2, 0, 1).expandDims(0); // (1, nh, T, S)
    }

    /** Inputs: a (T, S) shape carrier, e.g. the scores. Output: the bias. */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Shape s = inputs.singletonOrThrow().getShape();
        long t = s.get(s.dimension() - 2);
        long k = s.get(s.dimension() - 1);
        return new NDList(bias(ps, inputs.singletonOrThrow().getManager(), t, k, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(1, numHeads, s.get(s.dimension() - 2), s.get(s.dimension() - 1))};
    }
}
