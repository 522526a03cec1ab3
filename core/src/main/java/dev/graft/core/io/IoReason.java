package dev.graft.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Why an I/O operation failed, in words for a message that already names the file: {@code e.toString()}
 * would lead with the exception's class ({@code java.io.IOException: No space left on device}), and a
 * FileSystemException's message repeats the paths.
 */
public final class IoReason {
    private IoReason() {}

    /** @return "PATH: reason" for a file-system failure (the path that failed, often a parent), else the reason */
    public static String of(IOException e) {
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason()
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "already exists"
                    : "file system error";
            return f.getFile() == null ? reason : f.getFile() + ": " + reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
