package dev.graft.core.engine;

/** {@code --device cpu|gpu|auto}: auto takes the first GPU when libtorch sees one. */
public enum DeviceChoice {
    CPU,
    GPU,
    AUTO
}
