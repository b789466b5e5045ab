package dev.poco.server.im.telegram;

import dev.poco.protocol.Envelope;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.Json;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/webhooks/telegram}: Telegram's webhook. Refused (403) unless the bot is configured with a
 * webhook secret and the request carries it in {@code X-Telegram-Bot-Api-Secret-Token}; a body that is not JSON is a
 * 400; any update we do not handle (stickers, photos, joins) is accepted and ignored, so Telegram does not resend it.
 */
@RestController
class TelegramWebhookController {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final TelegramChannel telegram;
    private final Json json;

    TelegramWebhookController(TelegramChannel telegram, Json json) {
        this.telegram = telegram;
        this.json = json;
    }

    @PostMapping(TelegramChannel.WEBHOOK_PATH)
    Envelope<Void> receiveTelegramUpdate(@RequestHeader(name = SECRET_HEADER, required = false) @Nullable String secret,
            @RequestBody(required = false) @Nullable String body) {
        if (!telegram.acceptsSecret(secret)) {
            throw new ForbiddenException(telegram.enabled() ? "Invalid Telegram webhook secret"
                    : "Telegram is not configured");
        }
        JsonNode update;
        try {
            update = body == null ? null : json.mapper().readTree(body);
        } catch (RuntimeException e) {
            throw new BadRequestException("The update is not JSON");
        }
        if (update == null || !update.isObject()) {
            throw new BadRequestException("The update must be a JSON object");
        }
        telegram.receive(update);
        return Envelope.ok(null);
    }
}
