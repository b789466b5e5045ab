package dev.poco.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternTest {

    @Test
    void namesMatchExactlyAndWildcardsOnlyBelowTheirDomain() {
        HostPattern exact = HostPattern.parse(" PyPI.org ");
        assertThat(exact.text()).isEqualTo("pypi.org");
        assertThat(exact.matchesName("pypi.org", 443)).isTrue();
        assertThat(exact.matchesName("files.pypi.org", 443)).isFalse();
        assertThat(exact.explicit()).isTrue();

        HostPattern wildcard = HostPattern.parse("*.npmjs.org");
        assertThat(wildcard.matchesName("registry.npmjs.org", 443)).isTrue();
        assertThat(wildcard.matchesName("a.b.npmjs.org", 80)).isTrue();
        assertThat(wildcard.matchesName("npmjs.org", 443)).isFalse();
        assertThat(wildcard.matchesName("evilnpmjs.org", 443)).isFalse();
        assertThat(wildcard.explicit()).isFalse();
    }

    @Test
    void aPortLimitsTheEntry() {
        HostPattern pattern = HostPattern.parse("example.com:8443");
        assertThat(pattern.matchesName("example.com", 8443)).isTrue();
        assertThat(pattern.matchesName("example.com", 443)).isFalse();
        assertThat(HostPattern.parse("example.com:*").matchesName("example.com", 1)).isTrue();
        assertThat(HostPattern.parse("example.com:*").text()).isEqualTo("example.com:*");
    }

    @Test
    void addressesAndRangesMatchResolvedAddresses() throws Exception {
        HostPattern one = HostPattern.parse("127.0.0.1:8080");
        assertThat(one.kind()).isEqualTo(HostPattern.Kind.ADDRESS);
        assertThat(one.matchesAddress(InetAddress.getByName("127.0.0.1"), 8080)).isTrue();
        assertThat(one.matchesAddress(InetAddress.getByName("127.0.0.1"), 8081)).isFalse();
        assertThat(one.matchesName("127.0.0.1", 8080)).isFalse();

        HostPattern range = HostPattern.parse("10.0.0.0/8");
        assertThat(range.matchesAddress(InetAddress.getByName("10.200.3.4"), 22)).isTrue();
        assertThat(range.matchesAddress(InetAddress.getByName("11.0.0.1"), 22)).isFalse();
        assertThat(HostPattern.parse("172.16.0.0/12").matchesAddress(InetAddress.getByName("172.31.255.1"), 1))
                .isTrue();
        assertThat(HostPattern.parse("172.16.0.0/12").matchesAddress(InetAddress.getByName("172.32.0.1"), 1))
                .isFalse();

        HostPattern v6 = HostPattern.parse("[FD00::1]:443");
        assertThat(v6.text()).isEqualTo("[fd00:0:0:0:0:0:0:1]:443");
        assertThat(v6.matchesAddress(InetAddress.getByName("fd00::1"), 443)).isTrue();
        assertThat(HostPattern.parse("fc00::/7").matchesAddress(InetAddress.getByName("fdff::5"), 1)).isTrue();
        assertThat(HostPattern.parse("fc00::/7").matchesAddress(InetAddress.getByName("10.0.0.1"), 1)).isFalse();
    }

    @Test
    void internationalNamesAreMatchedInTheirAsciiForm() {
        assertThat(HostPattern.parse("bücher.example").text()).isEqualTo("xn--bcher-kva.example");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://pypi.org/simple|not a URL",
            "pypi.org/simple|not a URL",
            "*|* may only",
            "*.com.*|* may only",
            "foo*.example.com|* may only",
            "*.localhost|needs a domain with a dot",
            "exa mple.com|not a valid host name",
            "-bad.example.com|not a valid host name",
            "example.com:0|the port must be",
            "example.com:70000|the port must be",
            "example.com:http|the port must be",
            "10.0.0.0/33|at most /32",
            "[fd00::1|closing ]",
            "''|it is empty"})
    void malformedEntriesAreRefusedSayingHowToWriteThem(String entry, String message) {
        assertThatThrownBy(() -> HostPattern.parse(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Host pattern \"")
                .hasMessageContaining(message);
    }
}
