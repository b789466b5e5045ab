package dev.poco.server.im;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One chat provider. Implementations receive on their own (webhook controller, long poll, websocket) and hand each
 * message to {@link ImInbound#handle}; they send what {@link ImInbound} and {@code ImDispatcher} give them.
 * All methods may be called from several threads at once.
 */
public interface ImChannel {

    /** The provider's name as stored in {@code im_channels.provider}: {@code telegram}, {@code dingtalk}, … */
    String provider();

    /** Configured (credentials present). A provider that is not does not receive, and nothing is sent through it. */
    boolean enabled();

    /** How the provider is connected right now, for the settings page ({@code webhook}, {@code polling}, …). */
    String mode();

    /** The bot's own name on the provider, once known (shown on the settings page); null before. */
    default @Nullable String account() {
        return null;
    }

    /**
     * Renders {@code message} in the provider's dialect and splits it at its limit, on line boundaries. The parts
     * are sent one by one; the dispatcher remembers how many went out, so a retry does not repeat them.
     */
    List<Part> render(Outbound message);

    /**
     * Sends one part to a chat. Blocks until the provider answered (bounded by the provider's HTTP timeout).
     *
     * @throws DeliveryException the provider refused it or could not be reached
     */
    void send(String chatId, Part part) throws DeliveryException;

    /** Acknowledges a button press (stops the client's spinner), with a short toast text. Best effort. */
    void acknowledge(String pressId, String text);

    /** One rendered message as the provider will send it; {@code body} is provider-specific (text, markup, card). */
    record Part(String text, String format, List<List<Outbound.Button>> buttons) {}
}
