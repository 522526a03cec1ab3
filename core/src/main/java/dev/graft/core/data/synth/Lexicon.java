package dev.graft.core.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The small world the synthetic NLI data describe: people, animals, activities, clothes, things,
 * actions between two people, places, colours and numbers, with the relations that decide labels:
 * which word is more general than which (hypernyms), which exclude each other (antonyms, exclusive
 * attributes) and which say the same (paraphrases).
 */
final class Lexicon {
    private Lexicon() {}

    enum Kind { PERSON, ANIMAL }

    /**
     * A noun. {@code parent} is the next more general noun; {@code gender} and {@code age} (null when
     * the noun leaves them open) make two person nouns exclusive when they differ.
     */
    record Noun(String singular, String plural, Kind kind, String parent, String gender, String age) {}

    static final List<Noun> NOUNS = List.of(
            new Noun("person", "people", Kind.PERSON, null, null, null),
            new Noun("child", "children", Kind.PERSON, "person", null, "child"),
            new Noun("man", "men", Kind.PERSON, "person", "m", "adult"),
            new Noun("woman", "women", Kind.PERSON, "person", "f", "adult"),
            new Noun("boy", "boys", Kind.PERSON, "child", "m", "child"),
            new Noun("girl", "girls", Kind.PERSON, "child", "f", "child"),
            new Noun("doctor", "doctors", Kind.PERSON, "person", null, "adult"),
            new Noun("teacher", "teachers", Kind.PERSON, "person", null, "adult"),
            new Noun("chef", "chefs", Kind.PERSON, "person", null, "adult"),
            new Noun("farmer", "farmers", Kind.PERSON, "person", null, "adult"),
            new Noun("artist", "artists", Kind.PERSON, "person", null, null),
            new Noun("lawyer", "lawyers", Kind.PERSON, "person", null, "adult"),
            new Noun("student", "students", Kind.PERSON, "person", null, null),
            new Noun("animal", "animals", Kind.ANIMAL, null, null, null),
            new Noun("dog", "dogs", Kind.ANIMAL, "animal", null, null),
            new Noun("cat", "cats", Kind.ANIMAL, "animal", null, null),
            new Noun("horse", "horses", Kind.ANIMAL, "animal", null, null),
            new Noun("bird", "birds", Kind.ANIMAL, "animal", null, null),
            new Noun("puppy", "puppies", Kind.ANIMAL, "dog", null, null),
            new Noun("kitten", "kittens", Kind.ANIMAL, "cat", null, null),
            new Noun("pony", "ponies", Kind.ANIMAL, "horse", null, null),
            new Noun("parrot", "parrots", Kind.ANIMAL, "bird", null, null));

    static Noun noun(String singular) {
        for (Noun n : NOUNS) {
            if (n.singular().equals(singular)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no noun " + singular);
    }

    static List<Noun> nouns(Kind kind) {
        return NOUNS.stream().filter(n -> n.kind() == kind).toList();
    }

    /** Whether {@code specific} is {@code general} or falls under it (a puppy is a dog is an animal). */
    static boolean isA(Noun specific, Noun general) {
        for (Noun n = specific; n != null; n = n.parent() == null ? null : noun(n.parent())) {
            if (n.equals(general)) {
                return true;
            }
        }
        return false;
    }

    /** Nouns strictly under {@code n}. */
    static List<Noun> hyponyms(Noun n) {
        return NOUNS.stream().filter(m -> !m.equals(n) && isA(m, n)).toList();
    }

    /**
     * Whether one thing in a scene cannot be both: a man is not a woman, a boy not a man, a dog not a
     * cat. Nouns that leave sex and age open (doctor, person) exclude nothing.
     */
    static boolean exclusive(Noun a, Noun b) {
        if (a.kind() != b.kind()) {
            return false;
        }
        if (a.kind() == Kind.ANIMAL) {
            return a.parent() != null && b.parent() != null && !isA(a, b) && !isA(b, a);
        }
        return differ(a.gender(), b.gender()) || differ(a.age(), b.age());
    }

    private static boolean differ(String x, String y) {
        return x != null && y != null && !x.equals(y);
    }

    /** Adjectives a subject may carry, in exclusive pairs (or, for animal colours, a set). */
    static List<String> adjectives(Noun n) {
        if (n.kind() == Kind.ANIMAL) {
            return List.of("black", "white", "brown");
        }
        return "child".equals(n.age()) ? List.of("tall", "short") : List.of("young", "old", "tall", "short");
    }

    static boolean exclusiveAdjectives(String a, String b) {
        if (a.equals(b)) {
            return false;
        }
        List<List<String>> groups = List.of(List.of("young", "old"), List.of("tall", "short"),
                List.of("black", "white", "brown"));
        return groups.stream().anyMatch(g -> g.contains(a) && g.contains(b));
    }

    /**
     * An activity's surface form. Forms with the same {@code meaning} are paraphrases (sleeping,
     * asleep); {@code parent} is a more general meaning (sprinting is running); {@code opposite} is a
     * meaning that excludes it (sleeping, running). {@code tag} is the Penn tag of the form.
     */
    record Activity(String form, String tag, String meaning, String parent, String opposite, boolean personsOnly) {}

    static final List<Activity> ACTIVITIES = List.of(
            new Activity("sitting", "VBG", "sit", null, "stand", false),
            new Activity("seated", "VBN", "sit", null, "stand", false),
            new Activity("standing", "VBG", "stand", null, "sit", false),
            new Activity("sleeping", "VBG", "sleep", null, "run", false),
            new Activity("asleep", "JJ", "sleep", null, "run", false),
            new Activity("napping", "VBG", "nap", "sleep", "run", false),
            new Activity("running", "VBG", "run", null, "sleep", false),
            new Activity("sprinting", "VBG", "sprint", "run", "sleep", false),
            new Activity("laughing", "VBG", "laugh", null, "cry", true),
            new Activity("giggling", "VBG", "giggle", "laugh", "cry", true),
            new Activity("crying", "VBG", "cry", null, "laugh", true),
            new Activity("sobbing", "VBG", "sob", "cry", "laugh", true));

    static List<Activity> activities(Noun subject) {
        return ACTIVITIES.stream().filter(a -> !a.personsOnly() || subject.kind() == Kind.PERSON).toList();
    }

    static List<Activity> withMeaning(String meaning) {
        return ACTIVITIES.stream().filter(a -> a.meaning().equals(meaning)).toList();
    }

    /** Forms whose meaning is {@code meaning} or falls under it (sleeping, asleep, napping for sleep). */
    static List<Activity> under(String meaning) {
        return ACTIVITIES.stream().filter(a -> a.meaning().equals(meaning) || meaning.equals(a.parent())).toList();
    }

    static Activity activity(String form) {
        return ACTIVITIES.stream().filter(a -> a.form().equals(form)).findFirst().orElseThrow();
    }

    /** A thing held; {@code parent} is the more general thing (a rose is a flower). */
    record Thing(String singular, String plural, String parent) {}

    static final List<Thing> THINGS = List.of(
            new Thing("balloon", "balloons", null), new Thing("book", "books", null), new Thing("cup", "cups", null),
            new Thing("flower", "flowers", null), new Thing("rose", "roses", "flower"), new Thing("tulip", "tulips", "flower"),
            new Thing("toy", "toys", null), new Thing("ball", "balls", "toy"), new Thing("kite", "kites", "toy"));

    static Thing thing(String singular) {
        return THINGS.stream().filter(t -> t.singular().equals(singular)).findFirst().orElseThrow();
    }

    static List<Thing> hyponyms(Thing t) {
        return THINGS.stream().filter(x -> t.singular().equals(x.parent())).toList();
    }

    static final List<String> GARMENTS = List.of("hat", "shirt", "jacket", "scarf");

    /** Colours of clothes and things; any two differ (one hat, one colour). */
    static final List<String> COLOURS = List.of("red", "blue", "green", "yellow");

    /** Number words by value; counts of 2-5 are written as words, 1 as an article, 0 as "some". */
    static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four", "five");

    /**
     * An action between two people. {@code parent} is a more general action (shoving is pushing is
     * touching); {@code opposite} one that excludes it (helping someone, ignoring them).
     */
    record Action(String form, String participle, String parent, String opposite) {}

    static final List<Action> ACTIONS = List.of(
            new Action("helping", "helped", null, "ignoring"), new Action("ignoring", "ignored", null, "helping"),
            new Action("following", "followed", null, "leading"), new Action("leading", "led", null, "following"),
            new Action("touching", "touched", null, null), new Action("hugging", "hugged", "touching", null),
            new Action("pushing", "pushed", "touching", null), new Action("shoving", "shoved", "pushing", null),
            new Action("calling", "called", null, null), new Action("watching", "watched", null, null));

    static Action action(String form) {
        return ACTIONS.stream().filter(a -> a.form().equals(form)).findFirst().orElseThrow();
    }

    static List<Action> hyponyms(Action a) {
        return ACTIONS.stream().filter(x -> a.form().equals(x.parent())).toList();
    }

    /**
     * A place: a specific one (in the park) or a general one (outside), indoors or out. Two general
     * places of one kind (outside, outdoors) are paraphrases.
     */
    record Place(String preposition, String determiner, String noun, boolean indoors) {
        boolean general() {
            return preposition == null;
        }

        /** Whether being here settles being at {@code other}: the same place, or a place of its kind. */
        boolean within(Place other) {
            return equals(other) || (other.general() && indoors == other.indoors);
        }

        /** Whether nobody can be here and at {@code other} at once. */
        boolean excludes(Place other) {
            if (indoors != other.indoors) {
                return true;
            }
            return !general() && !other.general() && !equals(other);
        }
    }

    static final List<Place> PLACES = List.of(
            new Place("in", "the", "park", false), new Place("on", "the", "beach", false),
            new Place("in", "a", "field", false), new Place("on", "the", "street", false),
            new Place("in", "the", "kitchen", true), new Place("in", "the", "library", true),
            new Place("in", "a", "classroom", true),
            new Place(null, null, "outside", false), new Place(null, null, "outdoors", false),
            new Place(null, null, "indoors", true), new Place(null, null, "inside", true));

    static List<Place> places(boolean general) {
        return PLACES.stream().filter(p -> p.general() == general).toList();
    }

    /** Phrases that only ever make a premise more specific; hypotheses never mention them. */
    static final List<String> DECORATIONS = List.of("backpack", "camera", "map", "umbrella", "bag");

    static <T> List<T> except(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.removeIf(x -> Objects.equals(x, item));
        return out;
    }
}
