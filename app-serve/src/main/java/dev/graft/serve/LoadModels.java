package dev.graft.serve;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.io.FileTrees;
import dev.graft.core.config.JsonConfig;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.Gpt2Config;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.tokenize.bench.SyntheticCorpus;
import dev.graft.core.tokenize.train.Progress;
import dev.graft.core.tokenize.train.TokenizerTrainer;
import dev.graft.core.tokenize.train.TrainRequest;
import dev.graft.core.tokenize.train.TrainerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Randomly initialised models of the benchmark shape (4 layers, 256 wide, 4 heads, FFN 1024; seed 0)
 * with tokenizers trained by our own trainers, for load runs: speed does not depend on the weights.
 */
final class LoadModels {
    private LoadModels() {}

    /** Refuses an architecture other than bert or gpt2 (before anything is written). */
    static void checkArch(String arch) {
        if (!arch.equals("bert") && !arch.equals("gpt2")) {
            throw new IllegalArgumentException("--init-arch must be bert or gpt2, got " + arch);
        }
    }

    /** Writes {@code config.json}, {@code model.safetensors} and the tokenizer files into {@code dir}. */
    static void create(String arch, Path dir) {
        checkArch(arch);
        Path work = null;
        try {
            Files.createDirectories(dir);
            work = Files.createTempDirectory("graft-load-init");
            Path corpus = work.resolve("corpus.txt");
            new SyntheticCorpus(4_000, 11).write(corpus, 2_000_000, 13);
            List<String> lines = new ArrayList<>();
            Random random = new Random(5);
            for (int i = 0; i < 2_000; i++) {
                lines.add(LoadInputs.sentence(random, 12));
            }
            Files.write(corpus, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            boolean bert = arch.equals("bert");
            Path tok = work.resolve("tokenizer");
            TokenizerTrainer.run(TrainRequest.of(bert ? TrainerType.WORDPIECE : TrainerType.BPE, 8000, List.of(corpus), tok)
                    .withNormalization(bert, bert), Progress.NONE);
            for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
                Files.copy(tok.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            Engine.getInstance().setRandomSeed(0);
            GraftEngine.configureDefaults();
            ObjectNode c = Json.MAPPER.createObjectNode();
            if (bert) {
                c.put("model_type", "bert").put("vocab_size", 8000).put("hidden_size", 256).put("num_hidden_layers", 4)
                        .put("num_attention_heads", 4).put("intermediate_size", 1024).put("hidden_act", "gelu")
                        .put("max_position_embeddings", 512).put("type_vocab_size", 2).put("pad_token_id", 0);
                c.putObject("id2label").put("0", "entailment").put("1", "neutral").put("2", "contradiction");
                try (PretrainedEncoder m = PretrainedEncoder.create(BertConfig.from(JsonConfig.of(c, dir.resolve("config.json"))),
                        EncoderTask.SEQUENCE_CLASSIFICATION, Device.cpu())) {
                    m.save(dir);
                }
            } else {
                c.put("model_type", "gpt2").put("vocab_size", 8000).put("n_embd", 256).put("n_layer", 4).put("n_head", 4)
                        .put("n_inner", 1024).put("n_positions", 1024).put("eos_token_id", 7999).put("bos_token_id", 7999);
                try (PretrainedGpt2 m = PretrainedGpt2.create(Gpt2Config.from(JsonConfig.of(c, dir.resolve("config.json"))), Device.cpu())) {
                    m.save(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(work);
        }
    }

    /** Deletes a temporary folder of a load run (the corpus and trainer output here, adapters in {@link AdapterBench}). */
    static void deleteTree(Path work) {
        if (work == null) {
            return;
        }
        try {
            FileTrees.delete(work);
        } catch (UncheckedIOException e) {
            // A leftover temporary directory is not worth failing a finished model over.
        }
    }
}
