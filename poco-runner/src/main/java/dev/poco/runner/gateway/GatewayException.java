package dev.poco.runner.gateway;

/** The gateway could not be opened (socket directory, bind). Per-request failures become HTTP errors instead. */
public class GatewayException extends RuntimeException {

    public GatewayException(String message) {
        super(message);
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
