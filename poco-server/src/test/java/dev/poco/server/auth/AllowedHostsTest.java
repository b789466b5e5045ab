package dev.poco.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How POCO_ALLOWED_HOSTS, POCO_PUBLIC_URL and HOST decide the accepted names and origins. */
class AllowedHostsTest {

    @Test
    void theDefaultsAreTheLoopbackNamesAndAConcreteBoundAddress() {
        AllowedHosts hosts = AllowedHosts.of(List.of(), null, "10.1.2.3");
        assertThat(hosts.allowsHostHeader("localhost:8000")).isTrue();
        assertThat(hosts.allowsHostHeader("[::1]:8000")).isTrue();
        assertThat(hosts.allowsHostHeader("10.1.2.3:8000")).isTrue();
        assertThat(hosts.allowsHostHeader("10.1.2.4:8000")).isFalse();
        assertThat(AllowedHosts.of(null, null, "0.0.0.0").allowsHostHeader("0.0.0.0")).isFalse();
    }

    @Test
    void aConfiguredListReplacesTheDefaultsAndThePublicUrlIsAlwaysAdded() {
        AllowedHosts hosts = AllowedHosts.of(List.of(" Poco.Example.com ", "::1", ""),
                "https://public.example.com/", "127.0.0.1");
        assertThat(hosts.allowsHostHeader("poco.example.com")).isTrue();
        assertThat(hosts.allowsHostHeader("[::1]:8000")).isTrue();
        assertThat(hosts.allowsHostHeader("public.example.com")).isTrue();
        assertThat(hosts.allowsHostHeader("localhost")).isFalse();
        assertThat(hosts.describe()).isEqualTo("poco.example.com,[::1],public.example.com");
    }

    @Test
    void aStarTurnsTheHostCheckOff() {
        assertThat(AllowedHosts.of(List.of("*"), null, null).allowsHostHeader("anything.example")).isTrue();
    }

    @Test
    void anOriginIsOursWhenItsHostIsAllowedAndItsPortIsTheServersOrItIsThePublicUrl() {
        AllowedHosts hosts = AllowedHosts.of(List.of(), "https://poco.example.com", null);
        assertThat(hosts.allowsOrigin("http://localhost:8000", "localhost:8000", 8000)).isTrue();
        assertThat(hosts.allowsOrigin("http://localhost:3000", "127.0.0.1:8000", 8000)).isFalse();
        // behind a proxy the browser's origin is the Host the proxy passed on
        assertThat(hosts.allowsOrigin("http://localhost:8080", "localhost:8080", 8000)).isTrue();
        assertThat(hosts.allowsOrigin("https://poco.example.com", "10.0.0.5:8000", 8000)).isTrue();
        assertThat(hosts.allowsOrigin("http://poco.example.com", "10.0.0.5:8000", 8000)).isFalse();
        assertThat(hosts.allowsOrigin("null", "localhost:8000", 8000)).isFalse();
        assertThat(hosts.allowsOrigin("ftp://localhost:8000", "localhost:8000", 8000)).isFalse();
    }

    @Test
    void aPublicUrlWithoutHostIsAStartupError() {
        assertThatThrownBy(() -> AllowedHosts.of(null, "poco.example.com", null))
                .hasMessageContaining("POCO_PUBLIC_URL");
    }
}
