package dev.poco.server.stream;

import dev.poco.protocol.SessionEvent;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes the SSE wire format on a servlet response and flushes after every frame. An
 * {@link IOException} from any method means the client has gone.
 */
final class SseWriter {

    private final HttpServletResponse response;
    private final OutputStream out;
    private final ObjectMapper mapper;

    SseWriter(HttpServletResponse response, ObjectMapper mapper) throws IOException {
        this.response = response;
        this.mapper = mapper;
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache, no-transform");
        response.setHeader("X-Accel-Buffering", "no");
        this.out = response.getOutputStream();
    }

    void retry(long millis) throws IOException {
        write("retry: " + millis + "\n\n");
    }

    /** One event: {@code id:} (when given), {@code event:} and the JSON of the whole record as {@code data:}. */
    void event(@Nullable String id, String type, Object data) throws IOException {
        StringBuilder frame = new StringBuilder(256);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ").append(type).append('\n');
        frame.append("data: ").append(mapper.writeValueAsString(data)).append("\n\n");
        write(frame.toString());
    }

    void event(SessionEvent event) throws IOException {
        event(Long.toString(event.id()), event.type(), event);
    }

    /** One event without an id (not replayable), its {@code data:} already JSON on one line. */
    void unnumbered(String type, String jsonData) throws IOException {
        write("event: " + type + "\ndata: " + jsonData + "\n\n");
    }

    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    private void write(String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
        response.flushBuffer();
    }
}
