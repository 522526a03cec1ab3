package dev.graft.core.data;

import dev.graft.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Causal-LM tuning batches from prompt/completion pairs: {@code prompt + completion + eos}, with the
 * loss on the completion (and the final eos) only, so the model learns to answer, not to repeat the
 * prompt. A pair longer than the limit loses the start of its prompt: the completion is what is learnt.
 */
public final class CausalLmBatches {
    private CausalLmBatches() {}

    /**
     * @param tokenizer encodes without special tokens (GPT-2 style)
     * @param eosId appended after the completion; negative for none
     * @param maxLength the model's position limit
     */
    public static LmBatch build(List<PromptCompletion> rows, TextTokenizer tokenizer, long eosId, int maxLength) {
        List<long[]> ids = new ArrayList<>();
        List<long[]> targets = new ArrayList<>();
        int width = 0;
        for (PromptCompletion r : rows) {
            long[] prompt = tokenizer.encode(r.prompt()).ids();
            long[] completion = tokenizer.encode(r.completion()).ids();
            int eos = eosId >= 0 ? 1 : 0;
            int answer = completion.length + eos;
            if (answer == 0) {
                throw new NliDataException(r.source() + ": field 'completion' encodes to no tokens");
            }
            if (answer >= maxLength) {
                throw new NliDataException(r.source() + ": the completion takes " + answer
                        + " tokens, leaving no room for the prompt within the limit of " + maxLength);
            }
            int keep = Math.min(prompt.length, maxLength - answer);
            long[] row = new long[keep + answer];
            long[] target = new long[row.length];
            System.arraycopy(prompt, prompt.length - keep, row, 0, keep);
            System.arraycopy(completion, 0, row, keep, completion.length);
            if (eos == 1) {
                row[row.length - 1] = eosId;
            }
            for (int i = 0; i < row.length; i++) {
                target[i] = i < keep ? LmBatch.IGNORE : row[i];
            }
            ids.add(row);
            targets.add(target);
            width = Math.max(width, row.length);
        }
        long[][] paddedIds = new long[rows.size()][width];
        long[][] mask = new long[rows.size()][width];
        long[][] paddedTargets = new long[rows.size()][width];
        for (int i = 0; i < rows.size(); i++) {
            java.util.Arrays.fill(paddedIds[i], tokenizer.padId());
            java.util.Arrays.fill(paddedTargets[i], LmBatch.IGNORE);
            int n = ids.get(i).length;
            System.arraycopy(ids.get(i), 0, paddedIds[i], 0, n);
            System.arraycopy(targets.get(i), 0, paddedTargets[i], 0, n);
            java.util.Arrays.fill(mask[i], 0, n, 1);
        }
        return new LmBatch(paddedIds, mask, paddedTargets);
    }
}
