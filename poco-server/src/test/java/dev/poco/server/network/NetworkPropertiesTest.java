package dev.poco.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class NetworkPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NetworkProperties.class)
    static class Settings {}

    private static NetworkProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("poco.network",
                NetworkProperties.class);
    }

    @Test
    void defaultsBindToNoNetworkAndTheRegistries() {
        NetworkProperties p = bind(Map.of());
        assertThat(p.mode()).isEqualTo(NetworkMode.NONE);
        assertThat(p.allowlist()).hasSize(20).startsWith("pypi.org", "files.pythonhosted.org")
                .contains("*.npmjs.org", "*.githubusercontent.com", "repo1.maven.org", "docs.claude.com");
    }

    @Test
    void theEnvironmentVariablesTheReadmeNamesSetThem() {
        var env = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("POCO_NETWORK_DEFAULT", "Allowlist",
                        "POCO_NETWORK_ALLOWLIST", " PyPI.org, *.example.com:443,,10.0.0.0/8, pypi.org"));
        NetworkProperties p = new Binder(ConfigurationPropertySources.from(env))
                .bindOrCreate("poco.network", NetworkProperties.class);
        assertThat(p.mode()).isEqualTo(NetworkMode.ALLOWLIST);
        assertThat(p.defaultMode()).isEqualTo("allowlist");
        assertThat(p.allowlist()).as("normalised, blanks and duplicates dropped")
                .containsExactly("pypi.org", "*.example.com:443", "10.0.0.0/8");
    }

    @Test
    void anEmptyAllowlistLeavesOnlyTheHostsUsersName() {
        assertThat(bind(Map.of("poco.network.allowlist", "")).allowlist()).isEmpty();
    }

    @Test
    void anUnknownModeStopsTheServerNamingTheVariable() {
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues("poco.network.default=closed")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessage("POCO_NETWORK_DEFAULT"
                            + " (poco.network.default): Unknown network mode \"closed\": use none, allowlist or open.");
                });
    }

    @Test
    void aBadAllowlistEntryStopsTheServerNamingTheEntry() {
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues("poco.network.allowlist=pypi.org,https://example.com/simple")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageStartingWith("POCO_NETWORK_ALLOWLIST (poco.network.allowlist): Host pattern"
                                    + " \"https://example.com/simple\" is not valid");
                });
        assertThatThrownBy(() -> bind(Map.of("poco.network.allowlist", "*bad*.example.com")))
                .rootCause().hasMessageContaining("\"*bad*.example.com\"");
    }

    @Test
    void aGoodSettingStartsTheContext() {
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues("poco.network.default=open")
                .run(context -> assertThat(context.getBean(NetworkProperties.class).mode())
                        .isEqualTo(NetworkMode.OPEN));
    }
}
