package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that autograd may keep for the backward pass. Use these, never
 * {@code NDArray.mul(Number)} / {@code div(Number)} / {@code pow(Number)}, on anything a gradient flows
 * through.
 *
 * <p>Why: DJL's PyTorch engine turns the number into a tensor over a Java direct buffer
 * ({@code torch::from_blob}), runs the op and closes that tensor at once. Autograd keeps the operand of a
 * product, quotient or power for the backward pass; once the garbage collector frees the buffer, the
 * backward pass reads freed memory. The symptom was a training step now and then (more often under
 * load, when collections fall between forward and backward) whose gradient was infinite everywhere
 * while the loss was finite. The constant made here is a 0-d tensor libtorch allocates and owns, so
 * autograd's reference keeps it alive.
 */
public final class Scalars {
    private Scalars() {}

    /** A 0-d tensor holding {@code value}, of {@code like}'s type, device and manager. */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    /** {@code x · value}. */
    public static NDArray mul(NDArray x, float value) {
        return x.mul(of(x, value));
    }

    /** {@code x / value}. */
    public static NDArray div(NDArray x, float value) {
        return x.div(of(x, value));
    }

    /** {@code x ^ exponent}. */
    public static NDArray pow(NDArray x, float exponent) {
        return x.pow(of(x, exponent));
    }
}
