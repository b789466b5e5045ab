package dev.poco.runner.gateway;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Errors Jetty answers itself (malformed request, header too large) in the Messages API's shape instead of HTML, so
 * the CLI shows a readable message.
 */
final class GatewayErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, @Nullable String message,
            @Nullable Throwable cause, Callback callback) {
        byte[] body = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, @Nullable String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, @Nullable String message) {
        String type = switch (status) {
            case 413, 431 -> "request_too_large";
            case 404 -> "not_found_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        return AnthropicErrors.body(type, "Malformed HTTP request to the Poco model gateway: " + text);
    }
}
