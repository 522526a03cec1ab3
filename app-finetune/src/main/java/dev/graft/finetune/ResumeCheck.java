package dev.graft.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether a checkpoint belongs to the run that resumes it. A checkpoint is a position (epoch, batch) in
 * one epoch plan: with other training data the same position names other batches, and a finished
 * run's position reads as done, so {@code --resume} on a new file would "complete" without a step.
 */
final class ResumeCheck {
    static final String BATCHES = "batches_per_epoch";

    private ResumeCheck() {}

    /** Records what a later resume compares: the epoch's batch count, next to what {@code extra} holds. */
    static ObjectNode describe(ObjectNode extra, Batches<?> train) {
        return extra.put(BATCHES, train.batches(0));
    }

    /** Refuses a checkpoint written for another method or another epoch plan (older checkpoints pass). */
    static void requireSameRun(CheckpointStore.Loaded checkpoint, ObjectNode now) {
        JsonNode then = checkpoint.extra();
        if (then == null) {
            return;
        }
        for (String field : new String[] {"method", "task", BATCHES}) {
            JsonNode was = then.get(field);
            JsonNode is = now.get(field);
            if (was != null && is != null && !was.equals(is)) {
                throw new IllegalArgumentException("--resume: " + checkpoint.path() + " was written with " + field + " "
                        + was.asText() + " but this run has " + is.asText() + (field.equals(BATCHES)
                        ? " (other training data or --batch-size)" : "") + "; resume with the run's own settings, or pass"
                        + " --overwrite to start again");
            }
        }
    }
}
