package dev.graft.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's sizes and hyperparameters: one standard plan (about 5 minutes on 2 cores) and a tiny
 * one for CI. The model is small enough for a CPU and large enough to learn the synthetic set.
 *
 * @param trainPairs synthetic training pairs; dev and test get {@code evalPairs} each
 * @param vocab WordPiece vocabulary size asked for (the set's words need fewer)
 * @param pretrainEpochs MLM epochs over the corpus of both sentences of every training pair
 */
record DemoPlan(int trainPairs, int evalPairs, int vocab, int maxLength, int layers, int hidden, int heads,
        int inter, int pretrainEpochs, double pretrainLr, int batchSize, List<Run> runs) {

    /**
     * One fine-tuning run.
     *
     * @param extra method flags (LoRA rank, targets …)
     */
    record Run(String method, int epochs, double lr, List<String> extra) {}

    static DemoPlan standard() {
        return new DemoPlan(12000, 1000, 1000, 48, 4, 128, 4, 256, 2, 1e-3, 64, List.of(
                new Run("full", 7, 1e-3, List.of()),
                new Run("head", 3, 3e-3, List.of()),
                new Run("lora", 7, 5e-3, List.of("--lora-rank", "4", "--lora-alpha", "8",
                        "--lora-targets", "query,value"))));
    }

    static DemoPlan tiny() {
        return new DemoPlan(6000, 400, 400, 48, 2, 64, 2, 256, 3, 1e-3, 32, List.of(
                new Run("full", 5, 1e-3, List.of()),
                new Run("head", 2, 5e-3, List.of()),
                new Run("lora", 3, 5e-3, List.of("--lora-rank", "2", "--lora-alpha", "4",
                        "--lora-targets", "query,value"))));
    }

    List<Object> pretrainArgs(DemoPaths p, long seed) {
        return new ArrayList<>(List.of("pretrain", "--tokenizer", p.tokenizer(), "--train", p.data().resolve("train.jsonl"),
                "--out", p.pretrainRun(), "--layers", layers, "--hidden", hidden, "--heads", heads, "--inter", inter,
                "--max-length", maxLength, "--epochs", pretrainEpochs, "--lr", pretrainLr, "--batch-size", batchSize,
                "--seed", seed));
    }

    List<Object> finetuneArgs(DemoPaths p, Run run, long seed) {
        List<Object> a = new ArrayList<>(List.of("finetune", "--model", p.pretrained(), "--method", run.method(),
                "--train", p.data().resolve("train.jsonl"), "--dev", p.data().resolve("dev.jsonl"),
                "--out", p.run(run.method()), "--epochs", run.epochs(), "--lr", run.lr(), "--batch-size", batchSize,
                "--max-length", maxLength, "--seed", seed, "--warmup", 30));
        a.addAll(run.extra());
        return a;
    }

    /** How {@code graft eval} finds the model a run made: its HF directory, or base + adapter for LoRA. */
    List<Object> evalModelArgs(DemoPaths p, Run run) {
        if (run.method().equals("lora")) {
            return List.of("--model", p.servingBase(), "--adapter", p.run("lora").resolve("best"));
        }
        return List.of("--model", p.run(run.method()).resolve("best"));
    }
}
