package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.nn.ParameterValues;
import dev.graft.core.peft.LoraConfig;
import dev.graft.core.peft.Peft;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 20 steps of full fine-tuning and 20 of LoRA against torch.optim.AdamW (fixture:
 * src/test/python/make_training_parity.py): same initial weights (LoRA's A included), same batches, lr
 * 1e-3, decay 0.01 except biases/LayerNorm, warmup 5 then linear, clip 1.0. The loss before every
 * update must agree, so every update before it agreed too.
 */
class TrainingParityTest {
    static final Path DIR = Path.of("src/test/resources/parity");

    @Test
    void fullFineTuningLossTraceMatchesTorchAdamW() throws Exception {
        assertTraceMatches("full", "losses.json", enc -> Method.FULL.prepare(enc.model()));
    }

    /** LoRA r 8, α 16 on query and value, no dropout, everything else frozen (torch_anchor.py's placement). */
    @Test
    void loraLossTraceMatchesTorchAdamW() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(DIR.resolve("lora_losses.json").toFile());
        List<String> targets = new ArrayList<>();
        ref.get("targets").forEach(t -> targets.add(t.asText()));
        LoraConfig config = new LoraConfig(ref.get("rank").asInt(), (float) ref.get("alpha").asDouble(),
                (float) ref.get("dropout").asDouble(), targets, false, false);
        assertTraceMatches("lora", "lora_losses.json", enc -> {
            Peft.apply(enc.model(), config, "default");
            copyLoraA(enc, targets);
        });
    }

    /** torch's A (B is zero on both sides), by PEFT's key names, into our lora_A parameters. */
    private static void copyLoraA(PretrainedEncoder enc, List<String> targets) throws IOException {
        Map<String, Parameter> ours = ParameterPaths.of(enc.model());
        int layers = new ObjectMapper().readTree(DIR.resolve("config.json").toFile()).get("num_hidden_layers").asInt();
        int copied = 0;
        try (SafetensorsFile f = SafetensorsFile.open(DIR.resolve("lora_init.safetensors"));
                NDManager scope = enc.manager().newSubManager()) {
            for (int i = 0; i < layers; i++) {
                for (String target : targets) {
                    String key = "bert.encoder.layer." + i + ".attention.self." + target + ".lora_A.weight";
                    String path = "encoder.layers." + i + ".attention." + target + ".lora_A.default.weight";
                    Parameter p = ours.get(path);
                    assertThat(p).as("our parameter %s", path).isNotNull();
                    NDArray values = scope.create(f.readFloats(key), p.getArray().getShape());
                    ParameterValues.assign(p.getArray(), values);
                    copied++;
                }
            }
        }
        assertThat(copied).isEqualTo(layers * targets.size());
    }

    private void assertTraceMatches(String name, String lossFile, Preparation prepare) throws Exception {
        JsonNode ref = new ObjectMapper().readTree(DIR.resolve(lossFile).toFile());
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
            prepare.accept(enc);
            List<TrainableParameter> params = new ArrayList<>();
            for (Map.Entry<String, Parameter> e : ParameterPaths.of(enc.model()).entrySet()) {
                if (e.getValue().requiresGradient()) {
                    params.add(TrainableParameter.of(e.getKey(), e.getValue()));
                }
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
        System.out.printf("training parity (%s): largest relative loss difference over %d steps %.2e%n", name, steps,
                worst);
        for (int i = 0; i < steps; i++) {
            double want = ref.get("losses").get(i).asDouble();
            assertThat(losses.get(i)).as("loss at step %d", i + 1).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-3 * Math.abs(want)));
            double wantNorm = ref.get("grad_norms").get(i).asDouble();
            assertThat(norms.get(i)).as("gradient norm at step %d", i + 1).isCloseTo(wantNorm,
                    org.assertj.core.data.Offset.offset(1e-3 * wantNorm));
        }
    }

    /** Makes the loaded model into the one torch trained. */
    private interface Preparation {
        void accept(PretrainedEncoder enc) throws IOException;
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
