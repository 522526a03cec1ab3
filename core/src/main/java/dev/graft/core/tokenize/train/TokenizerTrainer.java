package dev.graft.core.tokenize.train;

import dev.graft.core.tokenize.TokenizerException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code graft tokenizer train}: learns a vocabulary from text files and writes it as a Hugging Face
 * tokenizer.
 *
 * <ul>
 *   <li><b>bpe</b>: byte-level BPE as GPT-2 (Radford et al. 2019, §2.2): the 256 byte symbols of
 *       {@link ByteLevel} plus {@code <|endoftext|>}, then merges learned by {@link MergeTrainer}.</li>
 *   <li><b>wordpiece</b>: BERT's WordPiece vocabulary learned the way HF's {@code WordPieceTrainer} does
 *       it: BPE merges over words whose non-initial characters carry the {@code ##} prefix, the merged
 *       symbols becoming the vocabulary. We chose this over the likelihood-based selection of Schuster
 *       and Nakajima (2012, "Japanese and Korean Voice Search"), which Google's own WordPiece trainer
 *       uses, because merging by frequency is incremental (each step touches only the words that
 *       change), whereas likelihood scoring re-evaluates candidate pieces against the whole corpus at
 *       each step. Only the vocabulary is kept: at encoding time WordPiece segments greedily, longest
 *       match first, without the merge order.</li>
 * </ul>
 */
public final class TokenizerTrainer {
    private static final String PREFIX = "##";

    private TokenizerTrainer() {}

    public static TrainResult run(TrainRequest request, Progress progress) {
        long start = System.nanoTime();
        return request.type() == TrainerType.BPE ? bpe(request, progress, start) : wordPiece(request, progress, start);
    }

    private static TrainResult bpe(TrainRequest request, Progress progress, long start) {
        Vocabulary vocab = new Vocabulary();
        request.type().specialTokens().forEach(vocab::add);
        TreeSet<Character> alphabet = new TreeSet<>(); // HF orders the initial alphabet by code point
        for (int b = 0; b < 256; b++) {
            alphabet.add(ByteLevel.charOf(b));
        }
        alphabet.forEach(c -> vocab.add(String.valueOf(c)));
        requireRoom(request, vocab.size(), 256, "256 byte symbols");
        WordCounter.Counts counts = WordCounter.count(request.inputs(), ByteLevel::split, request.threads(), progress);
        requireWords(request, counts);
        int[] byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            byteIds[b] = vocab.id(String.valueOf(ByteLevel.charOf(b)));
        }
        int[][] words = new int[counts.words().length][];
        for (int w = 0; w < words.length; w++) {
            byte[] bytes = counts.words()[w].getBytes(StandardCharsets.UTF_8);
            int[] sym = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                sym[i] = byteIds[bytes[i] & 0xff];
            }
            words[w] = sym;
        }
        List<MergeTrainer.Merge> merges = new MergeTrainer(vocab, words, counts.counts(), "")
                .train(request.vocabSize(), request.minFrequency(), progress);
        Path json = TokenizerJsonWriter.writeByteLevelBpe(request.output(), vocab, merges, request);
        return result(request, json, vocab, 256, merges.size(), counts, start);
    }

    private static TrainResult wordPiece(TrainRequest request, Progress progress, long start) {
        BertPreTokenization bert = new BertPreTokenization(request.lowercase(), request.stripAccents());
        WordCounter.Counts counts = WordCounter.count(request.inputs(), bert::split, request.threads(), progress);
        requireWords(request, counts);
        TreeSet<Integer> initial = new TreeSet<>();
        TreeSet<Integer> continuing = new TreeSet<>();
        for (String word : counts.words()) {
            initial.add(word.codePointAt(0));
            word.codePoints().skip(1).forEach(continuing::add);
        }
        Vocabulary vocab = new Vocabulary();
        request.type().specialTokens().forEach(vocab::add);
        initial.forEach(cp -> vocab.add(Character.toString(cp)));
        continuing.forEach(cp -> vocab.add(PREFIX + Character.toString(cp)));
        int alphabet = vocab.size() - request.type().specialTokens().size();
        requireRoom(request, vocab.size(), alphabet, initial.size() + " word-initial characters and "
                + continuing.size() + " '##' continuations");
        int[][] words = new int[counts.words().length][];
        for (int w = 0; w < words.length; w++) {
            int[] cps = counts.words()[w].codePoints().toArray();
            int[] sym = new int[cps.length];
            for (int i = 0; i < cps.length; i++) {
                sym[i] = vocab.id(i == 0 ? Character.toString(cps[i]) : PREFIX + Character.toString(cps[i]));
            }
            words[w] = sym;
        }
        List<MergeTrainer.Merge> merges = new MergeTrainer(vocab, words, counts.counts(), PREFIX)
                .train(request.vocabSize(), request.minFrequency(), progress);
        Path json = TokenizerJsonWriter.writeWordPiece(request.output(), vocab, request);
        return result(request, json, vocab, alphabet, merges.size(), counts, start);
    }

    private static void requireRoom(TrainRequest request, int initialSize, int alphabet, String what) {
        if (request.vocabSize() < initialSize) {
            throw new TokenizerException("--vocab-size " + request.vocabSize() + " is smaller than the initial "
                    + request.type().cliName() + " vocabulary: " + request.type().specialTokens().size()
                    + " special tokens + " + alphabet + " alphabet symbols (" + what + ") = " + initialSize
                    + "; use --vocab-size " + initialSize + " or more");
        }
    }

    private static void requireWords(TrainRequest request, WordCounter.Counts counts) {
        if (counts.words().length == 0) {
            throw new TokenizerException(String.join(", ", request.inputs().stream().map(Object::toString).toList())
                    + ": no words to train on (" + counts.lines() + " lines, " + counts.bytes()
                    + " bytes: the input is empty or holds only whitespace)");
        }
    }

    private static TrainResult result(TrainRequest request, Path json, Vocabulary vocab, int alphabet,
            int merges, WordCounter.Counts counts, long start) {
        return new TrainResult(request.type(), json, vocab.size(), alphabet, merges, counts.words().length,
                counts.bytes(), counts.lines(), (System.nanoTime() - start) / 1e9);
    }
}
