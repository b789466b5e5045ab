package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.im.telegram.TelegramPropertiesAccess;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ImPropertiesTest {

    @Test
    void defaultsBindWhenNothingIsSet() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of()));
        ImProperties im = binder.bindOrCreate("poco.im", ImProperties.class);
        assertThat(im.defaultLanguage()).isEqualTo("en");
        assertThat(im.linkCodeTtlMinutes()).isEqualTo(10);
        assertThat(im.dispatchIntervalMillis()).isEqualTo(1000);
        assertThat(im.dispatchBatchSize()).isEqualTo(20);
        assertThat(im.dispatchLeaseSeconds()).isEqualTo(60);
        assertThat(im.maxAttempts()).isEqualTo(12);
        TelegramPropertiesAccess telegram = TelegramPropertiesAccess.bind(binder);
        assertThat(telegram.configured()).isFalse();
        assertThat(telegram.apiUrl()).isEqualTo("https://api.telegram.org");
        assertThat(telegram.mode()).isEqualTo("auto");
    }

    @Test
    void theReadmesEnvironmentVariablesBind() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", Map.of(
                "POCO_TELEGRAM_BOT_TOKEN", "1:abc", "POCO_TELEGRAM_WEBHOOK_SECRET", "s3cret",
                "POCO_TELEGRAM_API_URL", "http://127.0.0.1:9", "POCO_TELEGRAM_MODE", "webhook",
                "POCO_IM_DEFAULT_LANGUAGE", "zh", "POCO_IM_MAX_ATTEMPTS", "3")));
        Binder binder = new Binder(ConfigurationPropertySources.get(environment));
        TelegramPropertiesAccess telegram = TelegramPropertiesAccess.bind(binder);
        assertThat(telegram.configured()).isTrue();
        assertThat(telegram.hasSecret()).isTrue();
        assertThat(telegram.apiUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(telegram.mode()).isEqualTo("webhook");
        assertThat(telegram.toString()).doesNotContain("1:abc");
        ImProperties im = binder.bindOrCreate("poco.im", ImProperties.class);
        assertThat(im.defaultLanguage()).isEqualTo("zh");
        assertThat(im.maxAttempts()).isEqualTo(3);
    }
}
