package dev.graft.core.generate;

/**
 * @param result the continuation
 * @param ids the whole sequence as HF's generate() returns it
 * @param seed the sampling seed used (drawn at random when none was given, so the run can be repeated)
 * @param tokensPerSecond new tokens per second of wall time, model loading excluded
 */
public record GenerateOutcome(GenerationResult result, long[] ids, long seed, double tokensPerSecond) {}
