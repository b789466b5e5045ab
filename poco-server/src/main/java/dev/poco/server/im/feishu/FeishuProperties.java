package dev.poco.server.im.feishu;

import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Feishu (Lark) app ({@code poco.feishu.*}: {@code POCO_FEISHU_APP_ID} and so on). The credentials here are the
 * defaults of the ones set on the settings page ({@code ImCredentials}), and count only when enabled; nothing starts
 * without an App ID and App Secret from either.
 *
 * @param enabled whether the credentials here count (off by default, as poco has it)
 * @param appId the app's App ID ({@code cli_…})
 * @param appSecret the app's App Secret, exchanged for a tenant access token
 * @param verificationToken the Verification Token of the app's event subscription; every callback without it is
 *     refused (403), and without it the webhook refuses everything
 * @param encryptKey the Encrypt Key of the event subscription, when set: callbacks arrive encrypted and signed
 *     ({@code X-Lark-Signature}) and are decrypted and checked with it
 * @param baseUrl the Open Platform's base URL: {@code https://open.feishu.cn}, or {@code https://open.larksuite.com}
 *     for Lark
 * @param httpTimeoutSeconds timeout of every Open Platform call
 */
@Validated
@ConfigurationProperties("poco.feishu")
public record FeishuProperties(
        @DefaultValue("false") boolean enabled,
        @Nullable String appId,
        @Nullable String appSecret,
        @Nullable String verificationToken,
        @Nullable String encryptKey,
        @DefaultValue("https://open.feishu.cn") String baseUrl,
        @DefaultValue("15") @Min(1) int httpTimeoutSeconds) {

    boolean configured() {
        return enabled && appId != null && !appId.isBlank() && appSecret != null && !appSecret.isBlank();
    }

    boolean hasEncryptKey() {
        return encryptKey != null && !encryptKey.isEmpty();
    }

    @Override
    public String toString() { // the secret, token and key are credentials: never in logs
        return "FeishuProperties[baseUrl=" + baseUrl + ", enabled=" + enabled + ", configured=" + configured()
                + ", appId=" + appId + "]";
    }
}
