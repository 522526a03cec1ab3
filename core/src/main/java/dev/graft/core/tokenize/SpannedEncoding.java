package dev.graft.core.tokenize;

/**
 * An encoding with each token's place in the input text, as HF's offsets give it: token {@code i}
 * covers {@code text.substring(starts[i], ends[i])} (UTF-16 indices into the original, un-normalised
 * text). Special tokens added by the post-processor cover nothing ({@code starts[i] == ends[i]}).
 */
public record SpannedEncoding(Encoding encoding, int[] starts, int[] ends) {
    public SpannedEncoding {
        if (starts.length != encoding.length() || ends.length != encoding.length()) {
            throw new IllegalArgumentException("spans (" + starts.length + ", " + ends.length
                    + ") do not match the " + encoding.length() + " tokens");
        }
    }
}
