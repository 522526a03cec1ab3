package dev.graft.core.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graft.core.data.NliLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * Labels are right by construction: every generated pair is checked against what its phenomenon
 * must look like on the surface, using word tables written here, apart from the generator's lexicon.
 */
class ConstructionTest {
    private static final Set<String> NUMBERS = Set.of("two", "three", "four", "five");
    private static final List<Set<String>> EXCLUSIVE_GROUPS = List.of(
            Set.of("young", "old"), Set.of("tall", "short"), Set.of("black", "white", "brown"),
            Set.of("red", "blue", "green", "yellow"));
    private static final Set<String> OUTDOOR = Set.of("park", "beach", "field", "street");
    private static final Set<String> INDOOR = Set.of("kitchen", "library", "classroom");
    private static final Set<String> NOUNS = Set.of("person", "people", "child", "children", "man", "men", "woman", "women",
            "boy", "boys", "girl", "girls", "doctor", "doctors", "teacher", "teachers", "chef", "chefs", "farmer", "farmers",
            "artist", "artists", "lawyer", "lawyers", "student", "students", "animal", "animals", "dog", "dogs", "cat", "cats",
            "horse", "horses", "bird", "birds", "puppy", "puppies", "kitten", "kittens", "pony", "ponies", "parrot", "parrots");

    /** specific → the more general words it entails. */
    private static final Map<String, Set<String>> GENERAL = Map.ofEntries(
            Map.entry("man", Set.of("person")), Map.entry("woman", Set.of("person")), Map.entry("child", Set.of("person")),
            Map.entry("boy", Set.of("child", "person")), Map.entry("girl", Set.of("child", "person")),
            Map.entry("men", Set.of("people")), Map.entry("women", Set.of("people")), Map.entry("children", Set.of("people")),
            Map.entry("boys", Set.of("children", "people")), Map.entry("girls", Set.of("children", "people")),
            Map.entry("doctor", Set.of("person")), Map.entry("teacher", Set.of("person")), Map.entry("chef", Set.of("person")),
            Map.entry("farmer", Set.of("person")), Map.entry("artist", Set.of("person")), Map.entry("lawyer", Set.of("person")),
            Map.entry("student", Set.of("person")), Map.entry("doctors", Set.of("people")), Map.entry("teachers", Set.of("people")),
            Map.entry("chefs", Set.of("people")), Map.entry("farmers", Set.of("people")), Map.entry("artists", Set.of("people")),
            Map.entry("lawyers", Set.of("people")), Map.entry("students", Set.of("people")),
            Map.entry("dog", Set.of("animal")), Map.entry("cat", Set.of("animal")), Map.entry("horse", Set.of("animal")),
            Map.entry("bird", Set.of("animal")), Map.entry("dogs", Set.of("animals")), Map.entry("cats", Set.of("animals")),
            Map.entry("horses", Set.of("animals")), Map.entry("birds", Set.of("animals")),
            Map.entry("puppy", Set.of("dog", "animal")), Map.entry("kitten", Set.of("cat", "animal")),
            Map.entry("pony", Set.of("horse", "animal")), Map.entry("parrot", Set.of("bird", "animal")),
            Map.entry("puppies", Set.of("dogs", "animals")), Map.entry("kittens", Set.of("cats", "animals")),
            Map.entry("ponies", Set.of("horses", "animals")), Map.entry("parrots", Set.of("birds", "animals")),
            Map.entry("sprinting", Set.of("running")), Map.entry("napping", Set.of("sleeping", "asleep")),
            Map.entry("giggling", Set.of("laughing")), Map.entry("sobbing", Set.of("crying")),
            Map.entry("rose", Set.of("flower")), Map.entry("tulip", Set.of("flower")), Map.entry("roses", Set.of("flowers")),
            Map.entry("tulips", Set.of("flowers")), Map.entry("ball", Set.of("toy")), Map.entry("kite", Set.of("toy")),
            Map.entry("balls", Set.of("toys")), Map.entry("kites", Set.of("toys")),
            Map.entry("hugging", Set.of("touching")), Map.entry("pushing", Set.of("touching")),
            Map.entry("shoving", Set.of("pushing", "touching")),
            Map.entry("park", Set.of("outside", "outdoors")), Map.entry("beach", Set.of("outside", "outdoors")),
            Map.entry("field", Set.of("outside", "outdoors")), Map.entry("street", Set.of("outside", "outdoors")),
            Map.entry("kitchen", Set.of("indoors", "inside")), Map.entry("library", Set.of("indoors", "inside")),
            Map.entry("classroom", Set.of("indoors", "inside")),
            Map.entry("two", Set.of("some")), Map.entry("three", Set.of("some")), Map.entry("four", Set.of("some")),
            Map.entry("five", Set.of("some")));

    private static final List<Set<String>> SYNONYMS = List.of(Set.of("sitting", "seated"), Set.of("sleeping", "asleep"),
            Set.of("outside", "outdoors"), Set.of("indoors", "inside"));

    private static final List<Set<String>[]> ANTONYMS = List.of(
            pair(Set.of("sitting", "seated"), Set.of("standing")),
            pair(Set.of("sleeping", "asleep", "napping"), Set.of("running", "sprinting")),
            pair(Set.of("laughing", "giggling"), Set.of("crying", "sobbing")),
            pair(Set.of("helping", "helped"), Set.of("ignoring", "ignored")),
            pair(Set.of("following", "followed"), Set.of("leading", "led")));

    @SafeVarargs
    private static Set<String>[] pair(Set<String>... sides) {
        return sides;
    }

    private static final BiPredicate<String, String> ANTONYM = (a, b) -> ANTONYMS.stream()
            .anyMatch(s -> s[0].contains(a) && s[1].contains(b) || s[1].contains(a) && s[0].contains(b));

    private static final BiPredicate<String, String> EXCLUSIVE = ConstructionTest::exclusive;

    private static boolean exclusive(String a, String b) {
        if (a.equals(b)) {
            return false;
        }
        if (EXCLUSIVE_GROUPS.stream().anyMatch(g -> g.contains(a) && g.contains(b))) {
            return true;
        }
        if (place(a) != null && place(b) != null) {
            boolean generalA = !OUTDOOR.contains(a) && !INDOOR.contains(a);
            boolean generalB = !OUTDOOR.contains(b) && !INDOOR.contains(b);
            return !place(a).equals(place(b)) || (!generalA && !generalB);
        }
        return differ(sex(a), sex(b)) || differ(age(a), age(b)) || differ(species(a), species(b));
    }

    private static String place(String w) {
        if (OUTDOOR.contains(w) || w.equals("outside") || w.equals("outdoors")) {
            return "out";
        }
        return INDOOR.contains(w) || w.equals("indoors") || w.equals("inside") ? "in" : null;
    }

    private static String sex(String w) {
        return Set.of("man", "men", "boy", "boys").contains(w) ? "m" : Set.of("woman", "women", "girl", "girls").contains(w) ? "f" : null;
    }

    private static String age(String w) {
        if (Set.of("boy", "boys", "girl", "girls", "child", "children").contains(w)) {
            return "child";
        }
        return Set.of("man", "men", "woman", "women", "doctor", "doctors", "teacher", "teachers", "chef", "chefs", "farmer",
                "farmers", "lawyer", "lawyers").contains(w) ? "adult" : null;
    }

    private static String species(String w) {
        for (String s : List.of("dog", "cat", "horse", "bird")) {
            if (w.startsWith(s) || GENERAL.getOrDefault(w, Set.of()).contains(s) || GENERAL.getOrDefault(w, Set.of()).contains(s + "s")) {
                return s;
            }
        }
        return null;
    }

    private static boolean differ(String x, String y) {
        return x != null && y != null && !x.equals(y);
    }

    private static final Map<String, String> PARTICIPLES = Map.of("helped", "helping", "ignored", "ignoring",
            "followed", "following", "led", "leading", "touched", "touching", "hugged", "hugging", "pushed", "pushing",
            "shoved", "shoving", "called", "calling", "watched", "watching");

    private static List<String> raw(String s) {
        return Arrays.asList(s.toLowerCase(java.util.Locale.ROOT).replace(".", "").split(" "));
    }

    /**
     * Words with the differences that carry no meaning here evened out: a/an, is/are, and the passive's
     * "being … -ed by" against the active's "-ing".
     */
    private static List<String> words(String s) {
        return raw(s).stream().filter(w -> !w.equals("being") && !w.equals("by"))
                .map(w -> w.equals("an") ? "a" : w.equals("are") ? "is" : PARTICIPLES.getOrDefault(w, w)).toList();
    }

    private static boolean anyPair(List<String> p, List<String> h, BiPredicate<String, String> rel) {
        return p.stream().anyMatch(a -> h.stream().anyMatch(b -> rel.test(a, b)));
    }

    private static boolean general(String specific, String general) {
        return GENERAL.getOrDefault(specific, Set.of()).contains(general);
    }

    private static List<String> nouns(List<String> words) {
        return words.stream().filter(NOUNS::contains).toList();
    }

    /** Whether {@code pair} looks as its phenomenon must; the message says what is wrong. */
    static String check(SynthPair pair) {
        List<String> p = words(pair.premise().text());
        List<String> h = words(pair.hypothesis().text());
        boolean passiveDiffers = raw(pair.premise().text()).contains("being") != raw(pair.hypothesis().text()).contains("being");
        boolean pNot = p.contains("not");
        boolean hNot = h.contains("not");
        Set<String> onlyP = new HashSet<>(p);
        onlyP.removeAll(h);
        Set<String> onlyH = new HashSet<>(h);
        onlyH.removeAll(p);
        List<String> dp = new ArrayList<>(onlyP);
        List<String> dh = new ArrayList<>(onlyH);
        boolean ok = switch (pair.phenomenon()) {
            // Under negation the premise's predicate may be the more general one, or lack the hypothesis's colour.
            case HYPERNYM -> anyPair(dp, dh, ConstructionTest::general)
                    || hNot && (anyPair(dh, dp, ConstructionTest::general) || !dh.isEmpty() && EXCLUSIVE_GROUPS.get(3).containsAll(dh));
            case DROPPED_MODIFIER -> onlyH.isEmpty() && p.size() > h.size() && pNot == hNot;
            case PARAPHRASE -> anyPair(dp, dh, (a, b) -> SYNONYMS.stream().anyMatch(s -> s.contains(a) && s.contains(b)))
                    || passiveDiffers;
            case EXCLUSION -> hNot && !pNot && (anyPair(dp, dh, ANTONYM) || anyPair(dp, dh, EXCLUSIVE));
            case ANTONYM -> pNot == hNot && anyPair(dp, dh, ANTONYM);
            case NEGATION -> pNot != hNot;
            case EXCLUSIVE_ATTRIBUTE -> pNot == hNot && anyPair(dp, dh, EXCLUSIVE);
            case NUMBER_MISMATCH -> pNot == hNot && anyPair(dp, dh, (a, b) -> NUMBERS.contains(a) && NUMBERS.contains(b));
            // Something of the hypothesis is missing, or the premise denies something else, or something
            // narrower ("not a green scarf" leaves "not a scarf" open).
            case ADDED_FACT -> !onlyH.isEmpty() || pNot && !hNot
                    || pNot && hNot && dp.stream().anyMatch(EXCLUSIVE_GROUPS.get(3)::contains);
            case LEXICAL_OVERLAP -> onlyH.isEmpty() && !pair.premise().text().equals(pair.hypothesis().text()) && (p.contains("near") && !nouns(p).get(0).equals(nouns(h).get(0))
                    || !nouns(p).equals(nouns(h)) || passiveDiffers);
        };
        return ok ? null : pair.phenomenon() + " (" + pair.label() + "): P: " + pair.premise().text() + " | H: " + pair.hypothesis().text();
    }

    @Test
    void everyPairLooksAsItsPhenomenonMust() {
        SynthGenerator g = new SynthGenerator(5);
        NliLabel[] labels = {NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION};
        Map<Phenomenon, Integer> seen = new EnumMap<>(Phenomenon.class);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 9_000; i++) {
            SynthPair pair = g.next(labels[i % 3]);
            assertThat(pair.phenomenon().label()).isEqualTo(pair.label());
            seen.merge(pair.phenomenon(), 1, Integer::sum);
            String problem = check(pair);
            if (problem != null) {
                wrong.add(problem);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(seen.keySet()).containsExactlyInAnyOrder(Phenomenon.values());
        assertThat(seen.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(50));
    }

    @Test
    void theCheckerCatchesAWrongLabel() {
        // The same check, fed a pair relabelled by hand, must object: otherwise it proves nothing.
        SynthPair negation = new SynthPair(sentence("A dog is not sleeping."), sentence("A dog is sleeping."),
                NliLabel.CONTRADICTION, Phenomenon.NEGATION);
        assertThat(check(negation)).isNull();
        assertThat(check(new SynthPair(negation.premise(), negation.hypothesis(), NliLabel.ENTAILMENT, Phenomenon.DROPPED_MODIFIER)))
                .isNotNull();
        assertThat(check(new SynthPair(sentence("A man is sitting."), sentence("A man is standing in the park."),
                NliLabel.CONTRADICTION, Phenomenon.ANTONYM))).isNull();
        assertThat(check(new SynthPair(sentence("A man is sitting."), sentence("A man is seated."),
                NliLabel.CONTRADICTION, Phenomenon.ANTONYM))).isNotNull();
        assertThat(check(new SynthPair(sentence("The doctor is helping the artist."), sentence("The artist is helping the doctor."),
                NliLabel.NEUTRAL, Phenomenon.LEXICAL_OVERLAP))).isNull();
        assertThat(check(new SynthPair(sentence("The doctor is helping the artist."), sentence("The doctor is helping the artist."),
                NliLabel.NEUTRAL, Phenomenon.LEXICAL_OVERLAP))).isNotNull();
    }

    private static SynthPair.Sentence sentence(String text) {
        return new SynthPair.Sentence(text, "", "");
    }
}
