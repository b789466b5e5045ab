package dev.poco.server.common;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fields of a request failed validation; the web edge answers 422 with {@code data.errors}, the
 * same shape as bean-validation failures.
 */
public class ValidationException extends PocoException {

    public ValidationException(List<Map<String, String>> errors) {
        super(ErrorCode.BAD_REQUEST, ErrorCode.Kind.INVALID, "Invalid request: " + errors.stream()
                .map(e -> e.get("field") + " " + e.get("message"))
                .collect(Collectors.joining("; ")), Map.of("errors", errors));
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(Map.of("field", field, "message", message)));
    }
}
