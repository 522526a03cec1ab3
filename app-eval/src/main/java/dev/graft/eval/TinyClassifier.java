package dev.graft.eval;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.config.JsonConfig;
import dev.graft.core.data.NliExample;
import dev.graft.core.data.NliReader;
import dev.graft.core.data.ReadOptions;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.tokenize.train.Progress;
import dev.graft.core.tokenize.train.TokenizerTrainer;
import dev.graft.core.tokenize.train.TrainRequest;
import dev.graft.core.tokenize.train.TrainResult;
import dev.graft.core.tokenize.train.TrainerType;
import dev.graft.core.engine.DeviceChoice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A randomly initialised BERT classifier with a WordPiece tokenizer trained by Graft on the premises
 * and hypotheses of NLI files: a complete model directory for the benchmark and the tests.
 */
public final class TinyClassifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyClassifier() {}

    /**
     * Writes tokenizer.json, tokenizer_config.json, config.json and model.safetensors into {@code dir}.
     *
     * @param id2label the head's labels by index
     */
    public static Path build(Path dir, List<Path> corpus, int layers, int hidden, int heads, int intermediate,
            int vocab, List<String> id2label, long seed) {
        try {
            Files.createDirectories(dir);
            Path text = dir.resolve("corpus.txt");
            List<String> lines = new ArrayList<>();
            for (Path f : corpus) {
                try (NliReader r = NliReader.open(f, ReadOptions.defaults().withSkipBadRows(true))) {
                    r.forEachRemaining((NliExample e) -> {
                        lines.add(e.premise());
                        lines.add(e.hypothesis());
                    });
                }
            }
            Files.write(text, lines);
            TrainResult tok = TokenizerTrainer.run(
                    TrainRequest.of(TrainerType.WORDPIECE, vocab, List.of(text), dir).withNormalization(true, true)
                            .withMinFrequency(1), Progress.NONE);
            Files.delete(text);
            ObjectNode c = JSON.createObjectNode();
            c.put("model_type", "bert").put("vocab_size", tok.vocabSize()).put("hidden_size", hidden)
                    .put("num_hidden_layers", layers).put("num_attention_heads", heads)
                    .put("intermediate_size", intermediate).put("hidden_act", "gelu")
                    .put("max_position_embeddings", 512).put("type_vocab_size", 2).put("pad_token_id", 0);
            ObjectNode labels = c.putObject("id2label");
            ObjectNode label2id = c.putObject("label2id");
            for (int i = 0; i < id2label.size(); i++) {
                labels.put(Integer.toString(i), id2label.get(i));
                label2id.put(id2label.get(i), i);
            }
            BertConfig config = BertConfig.from(JsonConfig.of(c, dir.resolve("config.json")));
            Engine.getInstance().setRandomSeed((int) seed);
            try (PretrainedEncoder enc = PretrainedEncoder.create(config, EncoderTask.SEQUENCE_CLASSIFICATION,
                    GraftEngine.resolve(DeviceChoice.CPU))) {
                enc.save(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build a model in " + dir, e);
        }
    }
}
