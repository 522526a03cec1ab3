package dev.graft.serve;

import dev.graft.core.generate.Decoder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * serve-load's built-in sample inputs, fitted to the model before the load starts. The sample pairs are
 * seeded sentences of 8 to 15 and 4 to 9 words, more than a small model takes: the demo's BERT has 48
 * positions and a few hundred word pieces, so many pairs were answered 422, counted as unexpected
 * statuses, and classify and adapters then stopped on the in-process pass with "input is 50 tokens; the
 * model's limit is 48 tokens". A load test measures the server, not the refusal of long inputs, so a
 * sample that is too long loses words from the end of its longer sentence until it fits, and a note says
 * how many did; samples that fit are sent as they are, so figures stay comparable between models.
 */
final class LoadInputs {
    /** How many distinct samples an HTTP run cycles through: request {@code i} sends sample {@code i % POOL}. */
    static final int POOL = 256;

    private static final String[] WORDS = ("a man woman child dog cat plays guitar music sleeps runs park street house "
            + "eats reads book the on in with under near happy tired red blue old young someone people two three").split(" ");

    private LoadInputs() {}

    /** A premise and hypothesis, or one text (the TEI route's) when {@code hypothesis} is null. */
    record Sample(String premise, String hypothesis) {
        String classifyBody() {
            return "{\"premise\": \"" + premise + "\", \"hypothesis\": \"" + hypothesis + "\"}";
        }

        String predictBody() {
            return "{\"inputs\": \"" + premise + "\"}";
        }
    }

    /** The samples of a run, and how many of them were cut to fit. */
    record Samples(List<Sample> list, int shortened) {
        Sample get(int i) {
            return list.get(i % list.size());
        }
    }

    static String sentence(Random random, int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return b.append('.').toString();
    }

    /** Sample pair {@code i}, seeded by {@code i}. */
    static Sample pair(int i) {
        Random random = new Random(i);
        String premise = sentence(random, 8 + random.nextInt(8));
        return new Sample(premise, sentence(random, 4 + random.nextInt(6)));
    }

    /** Sample text {@code i}: six words, seeded by {@code i}. */
    static Sample text(int i) {
        return new Sample(sentence(new Random(i), 6), null);
    }

    /**
     * Samples 0 to {@code n} - 1 of {@code make}, each fitted to the classifier's limit; a note on
     * {@code log} when any was cut. {@code what} names them ("sample pairs") in the note.
     */
    static Samples forClassifier(IntFunction<Sample> make, int n, String what, Classifier classifier, Path model, PrintStream log) {
        ToIntFunction<Sample> tokens = s -> classifier.tokens(s.premise(), s.hypothesis());
        List<Sample> out = new ArrayList<>();
        int shortened = 0;
        long sent = 0;
        for (int i = 0; i < n; i++) {
            Sample s = make.apply(i);
            Sample fitted = fit(s, tokens, classifier.maxLength(), model);
            shortened += fitted.equals(s) ? 0 : 1;
            sent += tokens.applyAsInt(fitted);
            out.add(fitted);
        }
        if (shortened > 0) {
            log.printf("note: --model %s takes inputs of at most %d tokens; %d of serve-load's %d %s are longer, and"
                    + " lose words from their ends to fit (%.1f tokens per input on average)%n",
                    model, classifier.maxLength(), shortened, n, what, (double) sent / n);
        }
        return new Samples(List.copyOf(out), shortened);
    }

    /**
     * {@code s} with words dropped from the end of its longer sentence (the premise on a tie) until it is
     * at most {@code limit} tokens; refused when even one word each is too long.
     */
    static Sample fit(Sample s, ToIntFunction<Sample> tokens, int limit, Path model) {
        List<String> premise = words(s.premise());
        List<String> hypothesis = s.hypothesis() == null ? null : words(s.hypothesis());
        Sample at = s;
        while (tokens.applyAsInt(at) > limit) {
            int h = hypothesis == null ? 0 : hypothesis.size();
            if (premise.size() == 1 && h <= 1) {
                String shortest = "\"" + at.premise() + (hypothesis == null ? "\"" : "\" / \"" + at.hypothesis() + "\"");
                throw new IllegalArgumentException("--model " + model + " takes inputs of at most " + limit + " tokens, fewer"
                        + " than serve-load's samples cut to one word (" + shortest + ": " + tokens.applyAsInt(at)
                        + " tokens): load-test a model that takes longer inputs");
            }
            List<String> cut = premise.size() >= h ? premise : hypothesis;
            cut.remove(cut.size() - 1);
            at = new Sample(join(premise), hypothesis == null ? null : join(hypothesis));
        }
        return at;
    }

    private static List<String> words(String sentence) {
        return new ArrayList<>(Arrays.asList(sentence.substring(0, sentence.length() - 1).split(" ")));
    }

    private static String join(List<String> words) {
        return String.join(" ", words) + ".";
    }

    /** Soak's input that must be refused as too long: one word more than the model takes, each word a token or more. */
    static String tooLongBody(int limit) {
        return "{\"text\": \"" + "word ".repeat(limit + 1) + "\"}";
    }

    /**
     * Refuses {@code --max-tokens} when it does not fit beside the longest sample prompt in the model's
     * positions: every request would be answered 422 and the run would measure nothing.
     */
    static void checkGeneration(Decoder decoder, int longestPrompt, int maxTokens, Path model) {
        int prompt = decoder.promptSharesPositions() ? longestPrompt : 0;
        if ((long) prompt + maxTokens <= decoder.maxLength()) {
            return;
        }
        int room = decoder.maxLength() - prompt;
        throw new IllegalArgumentException("--max-tokens " + maxTokens + " does not fit --model " + model + ": the model takes "
                + decoder.maxLength() + " positions, prompt and completion together, and serve-load's sample prompt"
                + " takes " + prompt + (room >= 1 ? "; use --max-tokens " + room + " or less"
                : ", which leaves no room: load-test a model with more positions"));
    }
}
