package dev.poco.server.im;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One chat provider. Implementations receive on their own (webhook controller, long poll, websocket) and hand each
 * message to {@link ImInbound#handle}; they send what {@link ImInbound} and {@code ImDispatcher} give them.
 * All methods may be called from several threads at once.
 */
public interface ImChannel {

    /** The provider's name as stored in {@code im_channels.provider}: {@code telegram}, {@code dingtalk}, … */
    String provider();

    /**
     * Configured (credentials present, from {@link ImCredentials}) and switched on
     * ({@link ImCredentials#switchedOn}). A provider that is not does not receive, and nothing is sent through it.
     */
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

    /**
     * Sends a file as a document ({@code /get PATH}). Blocks like {@link #send}. The default, for providers that
     * cannot upload, sends {@link Document#fallback()} (name, size and a link to the file in the web UI) as text.
     *
     * @throws DeliveryException the provider refused it or could not be reached
     */
    default void sendDocument(String chatId, Document document) throws DeliveryException {
        for (Part part : render(Outbound.plain(document.fallback()))) {
            send(chatId, part);
        }
    }

    /**
     * The credential fields this provider reads ({@code bot_token}, {@code app_secret}, …), settable from the web UI
     * ({@code PUT /im/providers/{provider}/credentials}); a stored value overrides the environment. None by default.
     */
    default List<String> credentialFields() {
        return List.of();
    }

    /** The value of a credential field from the environment (the provider's properties): the default. */
    default Optional<String> environmentCredential(String field) {
        return Optional.empty();
    }

    /**
     * The stored credentials or the provider's on/off switch changed (on this replica or another): re-read them
     * through {@link ImCredentials} and reconnect. Called on a thread of its own; the default does nothing.
     */
    default void credentialsChanged() {}

    /**
     * A file for {@link #sendDocument}: its name, size and type, a way to open its bytes (once per attempt), a caption,
     * and the text sent instead by providers that cannot upload.
     */
    record Document(String name, long size, @Nullable String mimeType, Content content, String caption,
            String fallback) {}

    /** Opens a document's bytes; the caller closes the stream. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    /** One rendered message as the provider will send it; {@code body} is provider-specific (text, markup, card). */
    record Part(String text, String format, List<List<Outbound.Button>> buttons) {}
}
