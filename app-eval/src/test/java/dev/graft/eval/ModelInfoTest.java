package dev.graft.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInfoTest {
    @TempDir
    Path tmp;

    @Test
    void aModelWrittenByFinetuneReportsItsRunsMethod() throws Exception {
        Files.createDirectories(tmp.resolve("run/best"));
        Files.writeString(tmp.resolve("run/run.json"), "{\"method\": \"head\", \"trainable_parameters\": 387}");
        ModelInfo info = ModelInfo.of(tmp.resolve("run/best"), null, 603_267);
        assertThat(info.method()).isEqualTo("head");
        assertThat(info.trainableParameters()).isEqualTo(387);
    }

    @Test
    void aPlainModelIsReportedAsFull() throws Exception {
        Files.createDirectories(tmp.resolve("model"));
        ModelInfo info = ModelInfo.of(tmp.resolve("model"), null, 1000);
        assertThat(info.method()).isEqualTo("full");
        assertThat(info.trainableParameters()).isEqualTo(1000);
    }

    @Test
    void anAdapterWinsOverTheRunRecord() throws Exception {
        Files.createDirectories(tmp.resolve("run/base"));
        Files.writeString(tmp.resolve("run/run.json"), "{\"method\": \"lora\", \"trainable_parameters\": 8579}");
        ModelInfo info = ModelInfo.of(tmp.resolve("run/base"), new ModelInfo.Adapter("a", "lora", 8192), 611_000);
        assertThat(info.method()).isEqualTo("lora");
        assertThat(info.trainableParameters()).isEqualTo(8192);
    }

    @Test
    void anUnreadableRunRecordIsIgnored() throws Exception {
        Files.createDirectories(tmp.resolve("run/best"));
        Files.writeString(tmp.resolve("run/run.json"), "not json");
        assertThat(ModelInfo.of(tmp.resolve("run/best"), null, 5).method()).isEqualTo("full");
    }
}
