package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.ParameterPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 20 steps of full fine-tuning against torch.optim.AdamW (fixture: src/test/python/make_training_parity.py):
 * same initial weights, same batches, lr 1e-3, decay 0.01 except biases/LayerNorm, warmup 5 then linear,
 * clip 1.0. The loss before every update must agree, so every update before it agreed too.
 */
class TrainingParityTest {
    static final Path DIR = Path.of("src/test/resources/parity");

    @Test
    void lossTraceMatchesTorchAdamW() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(DIR.resolve("losses.json").toFile());
        int steps = ref.get("steps").asInt();
        List<TrainBatch> batches = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(DIR.resolve("batches.safetensors"))) {
            for (int i = 0; i < steps; i++) {
                long[] ids = f.readLongs("b" + i + ".input_ids");
                long[] mask = f.readLongs("b" + i + ".attention_mask");
                long[] types = f.readLongs("b" + i + ".token_type_ids");
                long[] labels = f.readLongs("b" + i + ".labels");
                int b = labels.length;
                batches.add(new TrainBatch(rows(ids, b), rows(mask, b), rows(types, b), labels));
            }
        }
        TrainerOptions options = new TrainerOptions(1, ref.get("lr").asDouble(), LrSchedule.Decay.LINEAR,
                ref.get("warmup").asInt(), ref.get("weight_decay").asDouble(), ref.get("clip_norm").asDouble(), 1, 0,
                0, TrainerOptions.StopMetric.ACCURACY, 0, 0, false, 1);
        List<Double> losses = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        try (PretrainedEncoder enc = PretrainedEncoder.load(DIR, Device.cpu(), false)) {
            Method.FULL.prepare(enc.model());
            List<TrainableParameter> params = new ArrayList<>();
            for (Map.Entry<String, Parameter> e : ParameterPaths.of(enc.model()).entrySet()) {
                params.add(TrainableParameter.of(e.getKey(), e.getValue()));
            }
            Trainer t = new Trainer(enc.model(), enc.manager(), params, options, new TrainListener() {
                @Override
                public void onStep(StepRecord s) {
                    losses.add(s.loss());
                    norms.add(s.gradNorm());
                }
            });
            t.train(new ListSource(batches), null, TrainState.start());
        }
        assertThat(losses).hasSize(steps);
        double worst = 0;
        for (int i = 0; i < steps; i++) {
            double want = ref.get("losses").get(i).asDouble();
            worst = Math.max(worst, Math.abs(losses.get(i) - want) / Math.abs(want));
        }
        System.out.printf("training parity: largest relative loss difference over %d steps %.2e%n", steps, worst);
        for (int i = 0; i < steps; i++) {
            double want = ref.get("losses").get(i).asDouble();
            assertThat(losses.get(i)).as("loss at step %d", i + 1).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-3 * Math.abs(want)));
            double wantNorm = ref.get("grad_norms").get(i).asDouble();
            assertThat(norms.get(i)).as("gradient norm at step %d", i + 1).isCloseTo(wantNorm,
                    org.assertj.core.data.Offset.offset(1e-3 * wantNorm));
        }
    }

    static long[][] rows(long[] flat, int b) {
        int t = flat.length / b;
        long[][] out = new long[b][t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * t, out[i], 0, t);
        }
        return out;
    }

    /** Fixed batches in order, one epoch. */
    record ListSource(List<TrainBatch> batches) implements BatchSource {
        @Override
        public int batches(int epoch) {
            return batches.size();
        }

        @Override
        public Iterable<TrainBatch> epoch(int epoch, int from) {
            return batches.subList(from, batches.size());
        }
    }
}
