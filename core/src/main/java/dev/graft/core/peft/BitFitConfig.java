package dev.graft.core.peft;

/**
 * BitFit (Ben Zaken et al. 2022): only the bias terms train. Not a PEFT type; saved under our own
 * {@code peft_type} {@code GRAFT_BITFIT} (see docs/PEFT.md). Models without biases (T5) have nothing to train.
 */
public record BitFitConfig(boolean trainHead) implements PeftConfig {
    @Override
    public String peftType() {
        return "GRAFT_BITFIT";
    }
}
