package dev.graft.serve;

import java.util.Map;

/**
 * An error with its HTTP status, sent as OpenAI's shape {@code {"error": {"message", "type", "param"}}}.
 * {@code param} names the request field at fault, or is null.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final Map<String, String> headers;

    public ApiException(int status, String type, String param, String message) {
        this(status, type, param, message, Map.of());
    }

    public ApiException(int status, String type, String param, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.headers = Map.copyOf(headers);
    }

    /** 422: a field has the wrong type or value. */
    public static ApiException invalid(String param, String message) {
        return new ApiException(422, "invalid_request_error", param, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
