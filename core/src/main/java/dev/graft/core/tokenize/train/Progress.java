package dev.graft.core.tokenize.train;

/**
 * Where a long job stands, for the command line to show. Called from the training thread at a modest
 * rate (per chunk of input read, per hundred merges), so an implementation may print directly.
 */
@FunctionalInterface
public interface Progress {
    /** Reports {@code done} of {@code total} units of the named stage ("reading MB", "merges"). */
    void report(String stage, long done, long total);

    /** Reports nothing: for tests and the benchmark. */
    Progress NONE = (stage, done, total) -> { };
}
