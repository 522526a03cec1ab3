package dev.graft.core.testing;

/**
 * Reference formulas in Java doubles, written from the papers rather than through the engine, so a
 * test can check our NDArray code against something that shares none of it.
 */
public final class RefMath {
    private RefMath() {}

    /**
     * erf by the series {@code 2/√π · e^{−x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1))} (Abramowitz and Stegun
     * 7.1.6): every term is positive, so nothing cancels and double precision holds for |x| ≤ 6;
     * beyond that erf is ±1 to within 2e-17.
     */
    public static double erf(double x) {
        if (Math.abs(x) > 6) {
            return Math.signum(x);
        }
        double term = x;
        double sum = x;
        for (int n = 1; n < 500 && Math.abs(term) > 1e-18 * Math.abs(sum); n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }

    /** Exact GELU {@code x Φ(x) = ½x(1 + erf(x/√2))} (Hendrycks and Gimpel 2016). */
    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** GPT-2's tanh approximation {@code ½x(1 + tanh(√(2/π)(x + 0.044715x³)))}. */
    public static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /** LayerNorm of one vector: {@code (x − mean) / sqrt(var + eps) · weight + bias}, biased variance. */
    public static double[] layerNorm(double[] x, float[] weight, float[] bias, double eps) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - mean) / Math.sqrt(var + eps) * weight[i] + bias[i];
        }
        return out;
    }

    /** {@code x Wᵀ + b} for one vector, W stored (out, in) row-major as in PyTorch. */
    public static double[] linear(double[] x, float[] weight, float[] bias) {
        int out = weight.length / x.length;
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bias == null ? 0 : bias[o];
            for (int i = 0; i < x.length; i++) {
                s += x[i] * weight[o * x.length + i];
            }
            y[o] = s;
        }
        return y;
    }
}
