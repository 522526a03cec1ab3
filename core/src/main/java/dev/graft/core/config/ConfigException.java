package dev.graft.core.config;

/** A config.json that cannot describe a model: the message names the file and the field. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
