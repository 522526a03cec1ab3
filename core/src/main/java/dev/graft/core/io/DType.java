package dev.graft.core.io;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;

/**
 * Element types of the safetensors format, named exactly as they appear in a header's {@code "dtype"} field.
 *
 * <p>Kept apart from DJL's {@link DataType} because the file format and the engine disagree on what can be handed
 * over: F16 and BF16 are widened to FLOAT32 in Java before DJL sees them (see {@link #loadedAs()}).
 */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** True for the floating-point types F64, F32, F16 and BF16. */
    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /**
     * Parses a header's dtype string.
     *
     * @param file the file being read, for the error message
     * @param key the tensor whose entry holds the string, for the error message
     * @throws CheckpointFormatException naming the file, the key and the unknown dtype
     */
    public static DType parse(String name, Path file, String key) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new CheckpointFormatException(file + ": tensor '" + key + "': unknown dtype \"" + name
                + "\" (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
    }

    /**
     * The DJL type {@link TensorSource#load} returns for this dtype. F16 and BF16 load as FLOAT32: BF16 bytes make
     * DJL's PyTorch engine abort the JVM, and FLOAT32 is what the models compute in anyway.
     */
    public DataType loadedAs() {
        return switch (this) {
            case F64 -> DataType.FLOAT64;
            case F32, F16, BF16 -> DataType.FLOAT32;
            case I64 -> DataType.INT64;
            case I32 -> DataType.INT32;
            case I16 -> DataType.INT16;
            case I8 -> DataType.INT8;
            case U8 -> DataType.UINT8;
            case BOOL -> DataType.BOOLEAN;
        };
    }

    /**
     * The dtype {@link SafetensorsWriter} stores a DJL array of the given type as.
     *
     * @param key the tensor being written, for the error message
     * @throws IllegalArgumentException for types safetensors cannot hold or that we refuse to read back from DJL
     */
    public static DType of(DataType type, String key) {
        return switch (type) {
            case FLOAT64 -> F64;
            case FLOAT32 -> F32;
            case FLOAT16 -> F16;
            case INT64 -> I64;
            case INT32 -> I32;
            case INT16 -> I16;
            case INT8 -> I8;
            case UINT8 -> U8;
            case BOOLEAN -> BOOL;
            default -> throw new IllegalArgumentException("tensor '" + key + "': cannot write DJL type " + type
                    + " to safetensors (supported: FLOAT64, FLOAT32, FLOAT16, INT64, INT32, INT16, INT8, UINT8,"
                    + " BOOLEAN; convert BFLOAT16 to FLOAT32 first)");
        };
    }
}
