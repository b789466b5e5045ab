package dev.poco.server.system;

import dev.poco.server.common.ErrorCode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Errors Tomcat answers before any servlet runs (an encoded "/" or "\" in the path, a request line
 * or header over the size limit) leave as poco's envelope instead of Tomcat's HTML page.
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        int code = switch (status) {
            case 403 -> ErrorCode.FORBIDDEN.code();
            case 404 -> ErrorCode.NOT_FOUND.code();
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR.code() : ErrorCode.BAD_REQUEST.code();
        };
        String message = status >= 500 ? ErrorCode.INTERNAL_ERROR.defaultMessage() : "Bad request";
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"code\":" + code + ",\"message\":\"" + message + "\",\"data\":null}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is committed; nothing more to say
        }
    }
}
