package dev.graft.core.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Why a path a command should read as a file cannot be read: it is missing, or it is a directory. */
public final class InputFile {
    private InputFile() {}

    /**
     * @param expected what the file should be, for the message ({@code "a UTF-8 text file to train on"})
     * @return the problem as a message naming {@code file}, or empty for a regular file
     */
    public static Optional<String> problem(Path file, String expected) {
        if (Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String what = Files.isDirectory(file) ? "is a directory" : Files.exists(file) ? "is not a regular file" : "no such file";
        return Optional.of(file + ": " + what + " (expected " + expected + ")");
    }
}
