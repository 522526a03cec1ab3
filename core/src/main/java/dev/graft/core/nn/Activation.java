package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The feed-forward non-linearities checkpoints name in their config ({@code hidden_act}). */
public enum Activation {
    /** Exact GELU, {@code x Φ(x)} with the Gaussian CDF via erf (Hendrycks and Gimpel 2016). */
    GELU("gelu"),
    /** GPT-2's tanh approximation {@code 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))}. */
    GELU_NEW("gelu_new"),
    RELU("relu");

    private final String hfName;

    Activation(String hfName) {
        this.hfName = hfName;
    }

    public String hfName() {
        return hfName;
    }

    public NDArray apply(NDArray x) {
        switch (this) {
            case GELU:
                return x.getNDArrayInternal().gelu();
            case GELU_NEW:
                NDArray inner = Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3f), 0.044715f)), (float) Math.sqrt(2.0 / Math.PI));
                return Scalars.mul(x, 0.5f).mul(inner.tanh().add(1f));
            case RELU:
                return x.getNDArrayInternal().relu();
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * The activation a config names. HF spells the tanh approximation several ways
     * ({@code gelu_new}, {@code gelu_pytorch_tanh}, {@code gelu_fast} is close but not equal, so
     * it is refused rather than silently approximated).
     */
    public static Activation fromHf(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "gelu":
                return GELU;
            case "gelu_new":
            case "gelu_pytorch_tanh":
                return GELU_NEW;
            case "relu":
                return RELU;
            default:
                throw new IllegalArgumentException(
                        "unsupported activation '" + name + "'; supported: "
                                + Arrays.stream(values()).map(Activation::hfName).collect(Collectors.joining(", "))
                                + ", gelu_pytorch_tanh");
        }
    }
}
