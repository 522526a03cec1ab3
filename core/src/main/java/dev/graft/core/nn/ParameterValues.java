package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Overwrites a parameter's values (checkpoint loading, LoRA merging) so that it keeps storage libtorch
 * allocated.
 *
 * <p>{@code NDArray.set(Buffer)} is not used for that: DJL makes the tensor alias a Java direct buffer,
 * whose alignment varies from run to run, and libtorch's CPU kernels then take alignment-dependent
 * paths, so the last bits of results vary between runs (a resumed training run would not reproduce an
 * uninterrupted one). A libtorch clone is 64-byte aligned; {@code intern} swaps it in behind the same
 * {@code NDArray} object, so every holder of the parameter sees the new values.
 */
public final class ParameterValues {
    private ParameterValues() {}

    /**
     * @param target the parameter's array (keeps its identity, manager and gradient flag)
     * @param values same shape; any device and floating type (converted)
     */
    public static void assign(NDArray target, NDArray values) {
        if (!target.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException("cannot assign values of shape " + values.getShape()
                    + " to a parameter of shape " + target.getShape());
        }
        boolean gradient = target.hasGradient();
        NDArray copy = values.toDevice(target.getDevice(), false).toType(target.getDataType(), false).duplicate();
        NDArray leaf = copy.stopGradient();
        copy.close();
        target.intern(leaf);
        target.setRequiresGradient(gradient);
    }

    /**
     * Sets the gradient of {@code parameter} to zero in place, in one libtorch call ({@code grad.zero_()}).
     * Not {@code getGradient().set(NDIndex("..."), 0f)}: DJL's indexer makes the scalar 0 in the
     * parameter's manager and never closes it, so that leaks one array per parameter per step.
     */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
