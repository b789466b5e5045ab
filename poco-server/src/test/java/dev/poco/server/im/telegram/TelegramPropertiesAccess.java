package dev.poco.server.im.telegram;

import org.springframework.boot.context.properties.bind.Binder;

/** Test access to {@link TelegramProperties}' package-private checks. */
public record TelegramPropertiesAccess(TelegramProperties properties) {

    public static TelegramPropertiesAccess bind(Binder binder) {
        return new TelegramPropertiesAccess(binder.bindOrCreate("poco.telegram", TelegramProperties.class));
    }

    public boolean configured() {
        return properties.configured();
    }

    public boolean hasSecret() {
        return properties.hasSecret();
    }

    public String apiUrl() {
        return properties.apiUrl();
    }

    public String mode() {
        return properties.mode();
    }

    @Override
    public String toString() {
        return properties.toString();
    }
}
