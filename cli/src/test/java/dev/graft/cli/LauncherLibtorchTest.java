package dev.graft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/graft} with a libtorch outside the jars: a CUDA flavour DJL has not fetched, or a
 * PYTORCH_LIBRARY_PATH without libtorch, is refused before any build or JVM start (exit 2).
 */
class LauncherLibtorchTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "graft").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private record Run(int code, String err) {}

    private Run launch(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "--help");
        pb.environment().remove("PYTORCH_LIBRARY_PATH");
        pb.environment().remove("GRAFT_OFFLINE");
        pb.environment().remove("ENGINE_CACHE_DIR");
        pb.environment().putAll(env);
        pb.redirectErrorStream(false);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher ends by itself").isTrue();
        return new Run(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aCudaFlavourNotYetFetchedIsRefusedNamingBothWaysToGetIt() throws Exception {
        Run r = launch(Map.of("GRAFT_TORCH_FLAVOR", "cu128", "DJL_CACHE_DIR", tmp.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("graft: GRAFT_TORCH_FLAVOR=cu128 needs DJL's cu128 build of libtorch 2.7.1, which is not in "
                + tmp.resolve("pytorch") + " yet: run once with GRAFT_OFFLINE=false to let DJL download it there, or point"
                + " PYTORCH_LIBRARY_PATH at a libtorch 2.7.1 cu128 directory (README, \"Devices and GPU\")\n");
    }

    /** DJL writes its JNI library into the cache folder on every run: that alone is not a fetched libtorch. */
    @Test
    void aCacheFolderHoldingOnlyDjlsJniLibraryIsNotAFetchedLibtorch() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("pytorch/2.7.1-cu128-linux-x86_64"));
        Files.writeString(folder.resolve("0.35.1-libdjl_torch.so"), "");
        Run r = launch(Map.of("GRAFT_TORCH_FLAVOR", "cu128", "DJL_CACHE_DIR", tmp.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("graft: GRAFT_TORCH_FLAVOR=cu128 needs DJL's cu128 build of libtorch 2.7.1, which is not in");
    }

    @Test
    void aFlavourWithoutADjlJniLibraryIsRefused() throws Exception {
        Run r = launch(Map.of("GRAFT_TORCH_FLAVOR", "cu121"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("graft: GRAFT_TORCH_FLAVOR=cu121 is not a build DJL's JNI library exists for here;"
                + " use cpu or cu128\n");
    }

    @Test
    void aLibraryPathWithoutLibtorchIsRefused() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("lib"));
        Run r = launch(Map.of("PYTORCH_LIBRARY_PATH", empty.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("graft: PYTORCH_LIBRARY_PATH=" + empty + " holds no libtorch.so (it names the directory of"
                + " libtorch 2.7.1's shared libraries: libtorch/lib, or torch/lib of a torch 2.7.1 wheel)\n");
    }
}
