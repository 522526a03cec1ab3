package dev.graft.finetune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

final class TestFiles {
    private TestFiles() {}

    /** Checkpoint directory names under {@code out/checkpoints}, sorted. */
    static List<String> checkpoints(Path out) {
        try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 (hex) of the newest checkpoint's weights file: equal digests, bit-identical weights. */
    static String finalWeights(Path out) {
        List<String> all = checkpoints(out);
        try {
            byte[] bytes = Files.readAllBytes(out.resolve("checkpoints").resolve(all.get(all.size() - 1))
                    .resolve(CheckpointStore.WEIGHTS));
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
