package dev.graft.finetune;

/** Classification batches ({@link TrainBatch}: padded pairs with a class per row). */
public interface BatchSource extends Batches<TrainBatch> {}
