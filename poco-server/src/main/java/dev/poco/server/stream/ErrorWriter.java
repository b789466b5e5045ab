package dev.poco.server.stream;

import dev.poco.protocol.Envelope;
import dev.poco.server.common.Json;
import dev.poco.server.common.PocoException;
import dev.poco.server.system.ErrorResponses;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes an error envelope directly. Event-stream requests ask for {@code text/event-stream}, so
 * content negotiation would turn an error into a 406; a refused stream must still say why.
 */
final class ErrorWriter {

    private ErrorWriter() {}

    static void write(HttpServletResponse response, Json json, PocoException e) throws IOException {
        var entity = ErrorResponses.of(e.errorCode(), e.kind(), e.getMessage(), e.data());
        Envelope<Object> body = entity.getBody();
        response.setStatus(entity.getStatusCode().value());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(json.mapper().writeValueAsBytes(body));
    }
}
