package dev.poco.server.system;

import dev.poco.protocol.Envelope;
import dev.poco.server.common.ErrorCode;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Builds error envelopes: poco's {@code code} in the body, the matching HTTP status on the wire. */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static HttpStatus statusOf(ErrorCode.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
            case UNAVAILABLE -> HttpStatus.BAD_GATEWAY;
        };
    }

    /** An unknown route: poco (FastAPI/Starlette) answers {@code 404 {"detail":"Not Found"}}, not the envelope. */
    public static ResponseEntity<Map<String, String>> noRoute() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("detail", "Not Found"));
    }

    public static ResponseEntity<Envelope<Object>> of(HttpStatus status, int code, String message,
            @Nullable Object data) {
        return ResponseEntity.status(status).body(new Envelope<>(code, message, data));
    }

    public static ResponseEntity<Envelope<Object>> of(ErrorCode code, ErrorCode.Kind kind, String message,
            @Nullable Object data) {
        // poco answers an oversize upload with code 413 rather than a catalogue code.
        int wireCode = kind == ErrorCode.Kind.TOO_LARGE ? 413 : code.code();
        return of(statusOf(kind), wireCode, message, data);
    }
}
