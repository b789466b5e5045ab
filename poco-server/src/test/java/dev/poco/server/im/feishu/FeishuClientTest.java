package dev.poco.server.im.feishu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.server.im.DeliveryException;
import dev.poco.testkit.feishu.FakeFeishuServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The tenant token's life, error mapping against the fake's wire protocol, and the properties' binding. */
class FeishuClientTest {

    private static final FakeFeishuServer feishu = new FakeFeishuServer("cli_unit", "secret", "Poco").start();

    @AfterAll
    static void stop() {
        feishu.close();
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private FeishuClient client(String secret, MovingClock clock) {
        return new FeishuClient(feishu.baseUrl() + "/", "cli_unit", secret, Duration.ofSeconds(5),
                JsonMapper.builder().build(), clock);
    }

    @Test
    void theTokenIsCachedUntilShortlyBeforeItExpiresAndThenFetchedAgain() throws DeliveryException {
        MovingClock clock = new MovingClock();
        FeishuClient client = client("secret", clock);
        int before = feishu.calls(FakeFeishuServer.TOKEN_PATH).size();
        String first = client.token();
        assertThat(client.token()).isEqualTo(first);
        clock.now = clock.now.plus(Duration.ofSeconds(7200 - 301));
        assertThat(client.token()).isEqualTo(first);
        assertThat(feishu.calls(FakeFeishuServer.TOKEN_PATH)).hasSize(before + 1);
        clock.now = clock.now.plus(Duration.ofSeconds(2)); // within five minutes of the expiry
        assertThat(client.token()).isNotEqualTo(first);
        assertThat(feishu.calls(FakeFeishuServer.TOKEN_PATH)).hasSize(before + 2);
        assertThat(client.sendMessage("oc_unit", "post", "{\"zh_cn\":{\"content\":[[{\"tag\":\"text\",\"text\":\"hi\"}]]}}")
                .path("message_id").asString()).startsWith("om_");
    }

    @Test
    void errorsAreRetryableOnlyWhenTheyMayPass() {
        MovingClock clock = new MovingClock();
        assertThatThrownBy(() -> client("wrong", clock).token()).isInstanceOfSatisfying(DeliveryException.class,
                e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("10014").doesNotContain("wrong");
                });
        FeishuClient client = client("secret", clock);
        feishu.fail("messages", 1, 429, 3);
        assertThatThrownBy(() -> client.sendMessage("oc_unit", "post", "{}"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                });
        feishu.fail("messages", 1, 503, 0);
        assertThatThrownBy(() -> client.sendMessage("oc_unit", "post", "{}"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
        assertThatThrownBy(() -> client.sendMessage("oc_unit", "post", "{}")) // no content: a bad request
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("230001");
                });
        assertThatThrownBy(() -> new FeishuClient("http://127.0.0.1:9", "a", "b", Duration.ofSeconds(2),
                JsonMapper.builder().build(), clock).token())
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void defaultsBindAndTheReadmesEnvironmentVariablesToo() {
        FeishuProperties none = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("poco.feishu", FeishuProperties.class);
        assertThat(none.configured()).isFalse();
        assertThat(none.baseUrl()).isEqualTo("https://open.feishu.cn");
        assertThat(none.httpTimeoutSeconds()).isEqualTo(15);

        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", Map.of(
                "POCO_FEISHU_ENABLED", "true", "POCO_FEISHU_APP_ID", "cli_x", "POCO_FEISHU_APP_SECRET", "s3cret",
                "POCO_FEISHU_VERIFICATION_TOKEN", "vt", "POCO_FEISHU_ENCRYPT_KEY", "ek",
                "POCO_FEISHU_BASE_URL", "https://open.larksuite.com")));
        FeishuProperties set = new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("poco.feishu", FeishuProperties.class);
        assertThat(set.configured()).isTrue();
        assertThat(set.verificationToken()).isEqualTo("vt");
        assertThat(set.hasEncryptKey()).isTrue();
        assertThat(set.baseUrl()).isEqualTo("https://open.larksuite.com");
        assertThat(set.toString()).doesNotContain("s3cret").doesNotContain("vt,").doesNotContain("ek");
    }

    @Test
    void markdownIsSplitOnLinesWithCodeFencesClosedAndReopened() {
        StringBuilder text = new StringBuilder("```java\n");
        for (int i = 0; i < 400; i++) {
            text.append("int x").append(i).append(" = ").append(i).append(";\n");
        }
        text.append("```\n# Done <ok>");
        var chunks = FeishuFormat.splitMarkdown(text.toString(), FeishuFormat.LIMIT);
        assertThat(chunks).hasSizeGreaterThan(1);
        for (String chunk : chunks) {
            assertThat(chunk.length()).isLessThanOrEqualTo(FeishuFormat.LIMIT);
            assertThat(chunk.split("```", -1).length % 2).as(chunk).isEqualTo(1); // fences balanced
        }
        assertThat(FeishuFormat.larkMarkdown(chunks.getLast())).endsWith("```\n**Done &lt;ok&gt;**");
        assertThat(FeishuFormat.splitPlain("a\nb", 3000)).containsExactly("a\nb");
    }
}
