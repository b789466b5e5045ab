package dev.poco.server.im.telegram;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Telegram bot ({@code poco.telegram.*}: {@code POCO_TELEGRAM_BOT_TOKEN} and so on). Nothing starts without a
 * token.
 *
 * @param botToken the token from @BotFather
 * @param webhookSecret the {@code secret_token} Telegram sends in {@code X-Telegram-Bot-Api-Secret-Token}; the
 *     webhook refuses every update without it
 * @param apiUrl the Bot API's base URL (a local Bot API server, or a fake in tests)
 * @param mode {@code webhook} (Telegram posts to {@code POCO_PUBLIC_URL/api/v1/webhooks/telegram}), {@code polling}
 *     ({@code getUpdates}, works behind NAT) or {@code auto}: webhook when both the secret and
 *     {@code POCO_PUBLIC_URL} are set, polling otherwise
 * @param pollTimeoutSeconds how long one {@code getUpdates} long poll waits
 * @param httpTimeoutSeconds timeout of every other Bot API call
 */
@Validated
@ConfigurationProperties("poco.telegram")
public record TelegramProperties(
        @Nullable String botToken,
        @Nullable String webhookSecret,
        @DefaultValue("https://api.telegram.org") String apiUrl,
        @DefaultValue("auto") @Pattern(regexp = "auto|webhook|polling") String mode,
        @DefaultValue("25") @Min(0) @Max(50) int pollTimeoutSeconds,
        @DefaultValue("15") @Min(1) int httpTimeoutSeconds) {

    boolean configured() {
        return botToken != null && !botToken.isBlank();
    }

    boolean hasSecret() {
        return webhookSecret != null && !webhookSecret.isBlank();
    }

    @Override
    public String toString() { // the token is a credential: never in logs
        return "TelegramProperties[apiUrl=" + apiUrl + ", mode=" + mode + ", configured=" + configured() + "]";
    }
}
