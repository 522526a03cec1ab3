package dev.graft.core.tokenize.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.tokenize.TokenizerException;
import dev.graft.core.tokenize.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a trained vocabulary as HF's {@code tokenizer.json} (the serialisation of the Rust
 * {@code tokenizers::Tokenizer}) plus a {@code tokenizer_config.json} for {@code transformers}, laid
 * out as {@code bert-base-uncased} and {@code gpt2} ship theirs, so HF's library loads them unchanged.
 */
final class TokenizerJsonWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TokenizerJsonWriter() {}

    /** BERT layout: BertNormalizer, BertPreTokenizer, WordPiece with "##", [CLS] a [SEP] b [SEP], WordPiece decoder. */
    static Path writeWordPiece(Path dir, Vocabulary vocab, TrainRequest request) {
        List<String> specials = TrainerType.WORDPIECE.specialTokens();
        ObjectNode root = header(vocab, specials);
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer").put("clean_text", true).put("handle_chinese_chars", true)
                .put("strip_accents", request.stripAccents()).put("lowercase", request.lowercase());
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        root.set("post_processor", bertTemplate(vocab));
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", "[UNK]").put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        model.set("vocab", vocabObject(vocab));

        ObjectNode config = F.objectNode();
        config.put("tokenizer_class", "BertTokenizer").put("do_lower_case", request.lowercase())
                .put("strip_accents", request.stripAccents()).put("tokenize_chinese_chars", true)
                .put("model_max_length", request.modelMaxLength()).put("unk_token", "[UNK]").put("sep_token", "[SEP]")
                .put("pad_token", "[PAD]").put("cls_token", "[CLS]").put("mask_token", "[MASK]")
                // The WordPiece decoder already removes the space before . , ! ?; transformers' further clean-up
                // ("it ' s" -> "it's") would make Python's decode differ from the tokenizers library's and Graft's.
                .put("clean_up_tokenization_spaces", false);
        return write(dir, root, config);
    }

    /** GPT-2 layout: no normalizer, ByteLevel pre-tokenizer/post-processor/decoder, BPE with merges. */
    static Path writeByteLevelBpe(Path dir, Vocabulary vocab, List<MergeTrainer.Merge> merges, TrainRequest request) {
        List<String> specials = TrainerType.BPE.specialTokens();
        ObjectNode root = header(vocab, specials);
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(false, true));
        root.set("post_processor", byteLevel(true, false));
        root.set("decoder", byteLevel(true, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE").putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "").put("fuse_unk", false)
                .put("byte_fallback", false);
        model.set("vocab", vocabObject(vocab));
        ArrayNode list = model.putArray("merges");
        for (MergeTrainer.Merge m : merges) {
            // Byte-level symbols never hold a space (it is written 'Ġ'), so "left right" is unambiguous.
            list.add(vocab.token(m.left()) + " " + vocab.token(m.right()));
        }

        String eos = specials.get(0);
        ObjectNode config = F.objectNode();
        config.put("tokenizer_class", "GPT2Tokenizer").put("model_max_length", request.modelMaxLength())
                .put("bos_token", eos).put("eos_token", eos).put("unk_token", eos)
                .put("pad_token", eos) // GPT-2 has none; padding with end-of-text under an attention mask is usual
                .put("add_prefix_space", false).put("clean_up_tokenization_spaces", false);
        return write(dir, root, config);
    }

    private static ObjectNode header(Vocabulary vocab, List<String> specials) {
        ObjectNode root = F.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : specials) {
            added.addObject().put("id", vocab.id(s)).put("content", s).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        return root;
    }

    private static ObjectNode bertTemplate(Vocabulary vocab) {
        ObjectNode p = F.objectNode();
        p.put("type", "TemplateProcessing");
        ArrayNode single = p.putArray("single");
        special(single, "[CLS]", 0);
        sequence(single, "A", 0);
        special(single, "[SEP]", 0);
        ArrayNode pair = p.putArray("pair");
        special(pair, "[CLS]", 0);
        sequence(pair, "A", 0);
        special(pair, "[SEP]", 0);
        sequence(pair, "B", 1);
        special(pair, "[SEP]", 1);
        ObjectNode tokens = p.putObject("special_tokens");
        for (String s : new String[] {"[CLS]", "[SEP]"}) {
            ObjectNode t = tokens.putObject(s);
            t.put("id", s);
            t.putArray("ids").add(vocab.id(s));
            t.putArray("tokens").add(s);
        }
        return p;
    }

    private static void special(ArrayNode template, String token, int typeId) {
        template.addObject().putObject("SpecialToken").put("id", token).put("type_id", typeId);
    }

    private static void sequence(ArrayNode template, String id, int typeId) {
        template.addObject().putObject("Sequence").put("id", id).put("type_id", typeId);
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode n = F.objectNode();
        n.put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace).put("trim_offsets", trimOffsets)
                .put("use_regex", true);
        return n;
    }

    private static ObjectNode vocabObject(Vocabulary vocab) {
        ObjectNode v = F.objectNode();
        for (int id = 0; id < vocab.size(); id++) {
            v.put(vocab.token(id), id);
        }
        return v;
    }

    private static Path write(Path dir, ObjectNode tokenizer, ObjectNode config) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TokenizerException(dir + ": cannot create the output directory: " + e, e);
        }
        Path json = dir.resolve(TokenizerFiles.TOKENIZER_JSON);
        writeAtomically(json, tokenizer);
        writeAtomically(dir.resolve(TokenizerFiles.CONFIG_JSON), config);
        return json;
    }

    /** Through a temporary file and a rename, so an interrupted run never leaves half a tokenizer.json. */
    private static void writeAtomically(Path file, ObjectNode node) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            MAPPER.writeValue(tmp.toFile(), node);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TokenizerException(file + ": cannot write: " + e, e);
        }
    }
}
