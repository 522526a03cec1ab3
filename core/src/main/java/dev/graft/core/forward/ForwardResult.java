package dev.graft.core.forward;

import java.util.Map;

/**
 * @param modelType the config's model_type
 * @param shapes each written output and its shape
 * @param seconds wall time of the forward pass alone
 */
public record ForwardResult(String modelType, Map<String, long[]> shapes, double seconds) {}
