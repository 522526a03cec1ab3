package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * Base of every Graft block.
 *
 * <p>Our parameters carry their full shape from construction (taken from the model config, as in
 * the checkpoint), so a child never needs shapes inferred from its inputs: initialising a block
 * initialises each child with the same input description. That is what lets a model be built,
 * initialised and then filled from a checkpoint by name.
 */
public abstract class GraftBlock extends AbstractBlock {

    /** Adds a parameter of a fixed shape, named as in the checkpoint ({@code weight}, {@code bias}). */
    protected final Parameter param(String name, Parameter.Type type, Initializer init, long... shape) {
        return addParameter(
                Parameter.builder()
                        .setName(name)
                        .setType(type)
                        .optShape(new Shape(shape))
                        .optInitializer(init)
                        .build());
    }

    /** The parameter's value on the device of {@code like}. */
    protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }
}
