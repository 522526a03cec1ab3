package dev.graft.core.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one Jackson mapper the data package shares: mappers are costly to build and thread-safe to use. */
public final class DataJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** For statistics printed to people: indented. */
    public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DataJson() {}
}
