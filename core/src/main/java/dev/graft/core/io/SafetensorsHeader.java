package dev.graft.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The parsed and validated header of a safetensors file: 8-byte little-endian length N, N bytes of JSON, then the
 * data section. Everything a later read relies on is checked here, once, so that reads need no checks of their own.
 *
 * @param dataStart absolute position of the data section, {@code 8 + N}
 * @param tensors entries by name, with absolute byte ranges
 * @param metadata the {@code __metadata__} strings, sorted by key
 */
record SafetensorsHeader(long dataStart, SortedMap<String, TensorInfo> tensors, Map<String, String> metadata) {

    /** Same bound as the reference implementation: a larger "header" is a corrupt length, not a real header. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";

    /** Duplicate keys and trailing garbage are errors rather than silently resolved. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads and validates the header of {@code file}, open as {@code channel}. */
    static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw error(file, "truncated: the file is " + size + " bytes, expected at least 8 for the header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0, file);
        long headerLength = lengthBytes.getLong(0);
        // A u64: a negative long is a length past 2^63, certainly past the end of the file.
        if (headerLength < 0 || headerLength > size - 8) {
            throw error(file, "header length " + Long.toUnsignedString(headerLength)
                    + " runs past the end of the file (" + (size - 8) + " bytes follow the 8-byte length)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw error(file, "header length " + headerLength + " exceeds the " + MAX_HEADER_BYTES + "-byte limit");
        }
        ByteBuffer json = ByteBuffer.allocate((int) headerLength);
        readFully(channel, json, 8, file);
        return parse(file, json.array(), 8 + headerLength, size - 8 - headerLength);
    }

    /** Validates the JSON header of a file whose data section starts at {@code dataStart} and is {@code dataLength} long. */
    static SafetensorsHeader parse(Path file, byte[] json, long dataStart, long dataLength) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (at byte " + e.getLocation().getByteOffset() + ")";
            throw new CheckpointFormatException(file + ": header is not valid JSON: " + e.getOriginalMessage()
                    + where, e);
        } catch (IOException e) {
            throw new CheckpointFormatException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw error(file, "header must be a JSON object, found " + kind(root));
        }
        SortedMap<String, TensorInfo> tensors = new TreeMap<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = metadata(file, field.getValue());
            } else {
                tensors.put(field.getKey(), entry(file, field.getKey(), field.getValue(), dataStart, dataLength));
            }
        }
        checkNoOverlap(file, tensors.values(), dataStart);
        return new SafetensorsHeader(dataStart, Collections.unmodifiableSortedMap(tensors), metadata);
    }

    private static TensorInfo entry(Path file, String key, JsonNode node, long dataStart, long dataLength) {
        if (!node.isObject()) {
            throw error(file, key, "expected an object with dtype, shape and data_offsets, found " + kind(node));
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null) {
            throw error(file, key, "missing \"dtype\"");
        }
        if (!dtypeNode.isTextual()) {
            throw error(file, key, "\"dtype\" must be a string, found " + kind(dtypeNode));
        }
        DType dtype = DType.parse(dtypeNode.asText(), file, key);
        long[] shape = longs(file, key, node, "shape", -1);
        long[] offsets = longs(file, key, node, "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw error(file, key, "data_offsets [" + begin + ", " + end + "] begin after they end");
        }
        if (end > dataLength) {
            throw error(file, key, "data_offsets [" + begin + ", " + end + "] lie outside the data (the data section"
                    + " is " + dataLength + " bytes)");
        }
        long expected;
        try {
            expected = TensorInfo.byteCount(shape, dtype);
        } catch (ArithmeticException e) {
            throw error(file, key, "shape " + Arrays.toString(shape) + " has more bytes than a long can count");
        }
        if (expected != end - begin) {
            throw error(file, key, "shape " + Arrays.toString(shape) + " of " + dtype + " needs " + expected
                    + " bytes, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new TensorInfo(key, dtype, shape, dataStart + begin, dataStart + end);
    }

    /** Reads {@code node.field} as an array of non-negative integers, of length {@code length} unless it is -1. */
    private static long[] longs(Path file, String key, JsonNode node, String field, int length) {
        JsonNode array = node.get(field);
        if (array == null) {
            throw error(file, key, "missing \"" + field + "\"");
        }
        String expected = length < 0 ? "an array of non-negative integers" : "an array of " + length
                + " non-negative integers";
        if (!array.isArray() || (length >= 0 && array.size() != length)) {
            throw error(file, key, "\"" + field + "\" must be " + expected + ", found " + array);
        }
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw error(file, key, "\"" + field + "\" must be " + expected + ", found " + array);
            }
            values[i] = v.asLong();
        }
        return values;
    }

    private static Map<String, String> metadata(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw error(file, METADATA_KEY + " must be an object of strings, found " + kind(node));
        }
        SortedMap<String, String> metadata = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw error(file, METADATA_KEY + " entry '" + e.getKey() + "' must be a string, found "
                        + kind(e.getValue()));
            }
            metadata.put(e.getKey(), e.getValue().asText());
        }
        return Collections.unmodifiableSortedMap(metadata);
    }

    /** Two non-empty byte ranges may not share a byte; sorted by begin, a clash is always with the furthest end so far. */
    private static void checkNoOverlap(Path file, Iterable<TensorInfo> tensors, long dataStart) {
        List<TensorInfo> byBegin = new ArrayList<>();
        tensors.forEach(byBegin::add);
        byBegin.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        TensorInfo furthest = null;
        for (TensorInfo t : byBegin) {
            if (t.byteLength() == 0) {
                continue;
            }
            if (furthest != null && t.begin() < furthest.end()) {
                throw error(file, "tensors '" + furthest.name() + "' " + relative(furthest, dataStart) + " and '"
                        + t.name() + "' " + relative(t, dataStart) + " have overlapping data_offsets");
            }
            if (furthest == null || t.end() > furthest.end()) {
                furthest = t;
            }
        }
    }

    private static String relative(TensorInfo t, long dataStart) {
        return "[" + (t.begin() - dataStart) + ", " + (t.end() - dataStart) + "]";
    }

    static void readFully(FileChannel channel, ByteBuffer dst, long position, Path file) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new EOFException(file + ": file ended at byte " + pos + ", expected "
                        + dst.remaining() + " more bytes (was it truncated after it was opened?)");
            }
            pos += n;
        }
        dst.flip();
    }

    private static String kind(JsonNode node) {
        return node == null || node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase()
                + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static CheckpointFormatException error(Path file, String detail) {
        return new CheckpointFormatException(file + ": " + detail);
    }

    private static CheckpointFormatException error(Path file, String key, String detail) {
        return new CheckpointFormatException(file + ": tensor '" + key + "': " + detail);
    }
}
