package dev.poco.server.im.dingtalk;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The DingTalk robot of an internal app ({@code poco.dingtalk.*}: {@code POCO_DINGTALK_CLIENT_ID} and so on). The
 * credentials here are the defaults of the ones set on the settings page ({@code ImCredentials}), and count only when
 * enabled; nothing starts without a Client ID and Secret from either.
 *
 * @param enabled whether the credentials here count; off by default, so a configuration with stale credentials does
 *     not connect by surprise
 * @param clientId the app's AppKey (Client ID)
 * @param clientSecret the app's AppSecret (Client Secret): OAuth token, stream connection and webhook signatures
 * @param robotCode the robot's code for the OpenAPI sends; the AppKey when empty (DingTalk's default)
 * @param mode {@code stream} (a websocket long connection we open; works behind NAT) or {@code webhook} (DingTalk
 *     posts to {@code /api/v1/webhooks/dingtalk}, signed with the app secret)
 * @param apiUrl the OpenAPI base URL (access token, robot sends)
 * @param gatewayUrl the stream gateway's base URL ({@code POST /v1.0/gateway/connections/open})
 * @param oapiUrl where session webhooks live ({@code https://oapi.dingtalk.com/robot/sendBySession?…}); a message
 *     naming a session webhook elsewhere is answered through the OpenAPI, so no message makes us post anywhere else
 * @param httpTimeoutSeconds timeout of every HTTP call to DingTalk
 * @param reconnectMaxSeconds the longest wait between two stream connection attempts (the wait doubles from 1 s)
 */
@Validated
@ConfigurationProperties("poco.dingtalk")
public record DingTalkProperties(
        @DefaultValue("false") boolean enabled,
        @Nullable String clientId,
        @Nullable String clientSecret,
        @Nullable String robotCode,
        @DefaultValue("stream") @Pattern(regexp = "stream|webhook") String mode,
        @DefaultValue("https://api.dingtalk.com") String apiUrl,
        @DefaultValue("https://api.dingtalk.com") String gatewayUrl,
        @DefaultValue("https://oapi.dingtalk.com") String oapiUrl,
        @DefaultValue("15") @Min(1) int httpTimeoutSeconds,
        @DefaultValue("60") @Min(1) @Max(3600) int reconnectMaxSeconds) {

    boolean configured() {
        return enabled && clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();
    }

    /** A session webhook we may post to: under {@link #oapiUrl}. */
    boolean trustedWebhook(String url) {
        String base = oapiUrl.replaceAll("/+$", "") + "/";
        return url.startsWith(base) && !url.contains("@") && !url.substring(base.length()).startsWith("/");
    }

    String robot() {
        return robotCode != null && !robotCode.isBlank() ? robotCode : String.valueOf(clientId);
    }

    @Override
    public String toString() { // the secret is a credential: never in logs
        return "DingTalkProperties[enabled=" + enabled + ", clientId=" + clientId + ", mode=" + mode + ", apiUrl="
                + apiUrl + ", gatewayUrl=" + gatewayUrl + ", oapiUrl=" + oapiUrl + ", configured=" + configured() + "]";
    }
}
