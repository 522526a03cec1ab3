package dev.graft.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoReasonTest {
    @Test
    void reasonsComeWithoutClassNamesOrRepeatedPaths() {
        assertThat(IoReason.of(new IOException("No space left on device"))).isEqualTo("No space left on device");
        assertThat(IoReason.of(new FileSystemException("/a/.tmp", "/a/b", "Read-only file system"))).isEqualTo("/a/.tmp: Read-only file system");
        assertThat(IoReason.of(new NoSuchFileException("/a/b"))).isEqualTo("/a/b: no such file or directory");
        assertThat(IoReason.of(new AccessDeniedException("/a/b"))).isEqualTo("/a/b: permission denied");
        assertThat(IoReason.of(new java.nio.file.FileAlreadyExistsException("/a"))).isEqualTo("/a: already exists");
        assertThat(IoReason.of(new java.io.EOFException())).isEqualTo("EOFException");
    }
}
