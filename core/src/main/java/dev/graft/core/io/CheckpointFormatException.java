package dev.graft.core.io;

/**
 * A checkpoint file or directory is malformed: bad safetensors header, offsets outside the data, a shard index
 * naming a tensor its shard does not hold, and so on.
 *
 * <p>Unchecked on purpose: a malformed checkpoint is not something a caller can repair, so loaders and CLIs let it
 * travel up and print one message. Every message names the file (and the tensor key where there is one), what was
 * expected and what was found.
 */
public final class CheckpointFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
