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
import ai.djl.util.Pair;

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

    /**
     * Puts {@code replacement} where the child called {@code name} was, keeping its name and position,
     * so a PEFT wrapper takes a projection's place and parameter paths stay in block order.
     */
    protected final void replaceChild(String name, Block replacement) {
        for (int i = 0; i < children.size(); i++) {
            String key = children.get(i).getKey();
            String position = String.format(java.util.Locale.ROOT, "%02d", i + 1);
            if (key.equals(position + name)) {
                children.remove(i);
                children.add(i, key, replacement);
                return;
            }
        }
        throw new IllegalArgumentException("no child block " + name + " in " + getClass().getSimpleName());
    }

    /**
     * Attaches a block whose parameters belong to this one without taking part in its own forward
     * maths: a PEFT method's shared parameters (a prefix encoder, soft prompt), reached through an
     * extension point. Attached blocks show in parameter paths, freezing and counts like any child.
     */
    public final <B extends Block> B attach(String name, B block) {
        for (Pair<String, Block> child : getChildren()) {
            if (child.getKey().endsWith(name) && child.getKey().length() == name.length() + 2) {
                throw new IllegalStateException(getClass().getSimpleName() + " already has a child called " + name);
            }
        }
        return addChildBlock(name, block);
    }

    /** Removes a block added by {@link #attach}. */
    public final void detach(String name) {
        for (int i = 0; i < children.size(); i++) {
            String key = children.get(i).getKey();
            if (key.length() == name.length() + 2 && key.endsWith(name)) {
                children.remove(i);
                // DJL keys children by position + name; renumber the ones after the gap.
                for (int j = i; j < children.size(); j++) {
                    Pair<String, Block> later = children.get(j);
                    children.remove(j);
                    children.add(j, String.format(java.util.Locale.ROOT, "%02d", j + 1) + later.getKey().substring(2),
                            later.getValue());
                }
                return;
            }
        }
        throw new IllegalArgumentException("no attached block " + name + " in " + getClass().getSimpleName());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }
}
