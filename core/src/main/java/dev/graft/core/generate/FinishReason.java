package dev.graft.core.generate;

/** Why a row stopped; the names follow the OpenAI API ("stop", "length"). */
public enum FinishReason {
    /** An end-of-sequence or stop token, or a stop string. */
    STOP,
    /** max_new_tokens reached. */
    LENGTH
}
