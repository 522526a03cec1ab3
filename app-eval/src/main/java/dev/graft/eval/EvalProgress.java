package dev.graft.eval;

/** Told as batches are scored; the command shows a progress bar, tests pass {@link #NONE}. */
public interface EvalProgress {
    /** A pass over {@code total} examples starts ({@code task}: a section, or a probe of it). */
    void start(String task, long total);

    void advance(long examples);

    void finish();

    EvalProgress NONE = new EvalProgress() {
        @Override
        public void start(String task, long total) {}

        @Override
        public void advance(long examples) {}

        @Override
        public void finish() {}
    };
}
