package dev.graft.core.tokenize.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Tokens in id order; adding a token that is already present returns its id, as HF's trainers do. */
final class Vocabulary {
    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();

    int add(String token) {
        Integer id = ids.get(token);
        if (id != null) {
            return id;
        }
        ids.put(token, tokens.size());
        tokens.add(token);
        return tokens.size() - 1;
    }

    int size() {
        return tokens.size();
    }

    String token(int id) {
        return tokens.get(id);
    }

    /** The id of {@code token}, or -1. */
    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }
}
