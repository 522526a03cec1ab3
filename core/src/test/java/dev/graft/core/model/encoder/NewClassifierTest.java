package dev.graft.core.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.io.RawTensor;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.io.SafetensorsWriter;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PretrainedEncoder#loadForClassification} on a masked-LM checkpoint: the body loads, a new
 * classifier is added, and the pooler the checkpoint lacks starts as the identity.
 */
class NewClassifierTest {
    @Test
    void maskedLmCheckpointGetsIdentityPoolerAndLoadedBody(@TempDir Path dir) {
        try (PretrainedEncoder mlm = PretrainedEncoder.create(ModelConfigs.read(Fixtures.hf("bert-seqcls")),
                EncoderTask.MASKED_LM, Device.cpu())) {
            mlm.save(dir);
            dropPooler(dir.resolve("model.safetensors"));
            List<String> notes = new ArrayList<>();
            try (PretrainedEncoder cls = PretrainedEncoder.loadForClassification(dir,
                    Map.of(0, "entailment", 1, "neutral", 2, "contradiction"), Device.cpu(), false, notes::add)) {
                Map<String, Parameter> p = ParameterPaths.of(cls.model());
                Parameter weight = only(p, "pooler.", "weight");
                float[] w = weight.getArray().toFloatArray();
                int n = Math.toIntExact(weight.getArray().getShape().get(0));
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        assertThat(w[i * n + j]).as("pooler weight [%d, %d]", i, j).isEqualTo(i == j ? 1f : 0f);
                    }
                }
                assertThat(only(p, "pooler.", "bias").getArray().toFloatArray()).containsOnly(0f);
                Map<String, Parameter> body = ParameterPaths.of(mlm.model());
                String q = p.keySet().stream().filter(k -> k.startsWith("encoder.") && k.contains("0.attention.query")
                        && k.endsWith("weight")).findFirst().orElseThrow();
                assertThat(p.get(q).getArray().toFloatArray()).containsExactly(body.get(q).getArray().toFloatArray());
                assertThat(notes).singleElement().asString().contains("masked-LM")
                        .contains("the pooler as the identity").contains("classifier.weight");
            }
        }
    }

    /** {@link PretrainedEncoder#startPoolerAsIdentity} (what graft pretrain does) is saved and loaded as such. */
    @Test
    void identityPoolerOfPretrainingIsKept(@TempDir Path dir) {
        try (PretrainedEncoder mlm = PretrainedEncoder.create(ModelConfigs.read(Fixtures.hf("bert-seqcls")),
                EncoderTask.MASKED_LM, Device.cpu())) {
            float[] before = only(ParameterPaths.of(mlm.model()), "pooler.", "weight").getArray().toFloatArray();
            assertThat(before[1]).as("a random start").isNotZero();
            mlm.startPoolerAsIdentity();
            mlm.save(dir);
            List<String> notes = new ArrayList<>();
            try (PretrainedEncoder cls = PretrainedEncoder.loadForClassification(dir, Map.of(0, "a", 1, "b"),
                    Device.cpu(), false, notes::add)) {
                Parameter w = only(ParameterPaths.of(cls.model()), "pooler.", "weight");
                int n = Math.toIntExact(w.getArray().getShape().get(0));
                float[] v = w.getArray().toFloatArray();
                assertThat(v[0]).isEqualTo(1f);
                assertThat(v[1]).isZero();
                assertThat(v[n + 1]).isEqualTo(1f);
                assertThat(notes).singleElement().asString().doesNotContain("pooler");
            }
        }
    }

    /** An HF BertForMaskedLM checkpoint has no pooler: rewrite ours without it. */
    private static void dropPooler(Path file) {
        Map<String, RawTensor> kept = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.names()) {
                if (!name.contains("pooler")) {
                    kept.put(name, new RawTensor(f.info(name).dtype(), f.info(name).shape(), f.readBytes(name)));
                }
            }
        }
        SafetensorsWriter.writeRaw(file, kept, Map.of("format", "pt"));
    }

    private static Parameter only(Map<String, Parameter> params, String prefix, String suffix) {
        List<String> keys = params.keySet().stream().filter(k -> k.startsWith(prefix) && k.endsWith(suffix)).toList();
        assertThat(keys).as(prefix + "*" + suffix).hasSize(1);
        return params.get(keys.get(0));
    }
}
