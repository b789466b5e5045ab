package dev.poco.server.im;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A provider refused or could not take a message. {@code retryable}: network errors, 5xx, rate limits (with the
 * provider's {@code retryAfter} when it gave one); not retryable: the chat is gone, the bot was blocked, the request
 * is wrong.
 */
public class DeliveryException extends Exception {

    private final boolean retryable;
    private final @Nullable Duration retryAfter;

    public DeliveryException(String message, boolean retryable, @Nullable Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
