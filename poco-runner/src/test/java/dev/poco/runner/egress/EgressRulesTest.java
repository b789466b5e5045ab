package dev.poco.runner.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.spec.NetworkPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressRulesTest {

    /** Names a test controls, as a hostile DNS server would: no lookup leaves the test. */
    private static final Map<String, String> DNS = Map.of(
            "pypi.org", "151.101.0.223",
            "files.pythonhosted.org", "151.101.64.223",
            "rebind.example.com", "10.0.0.5",
            "metadata.example.com", "169.254.169.254",
            "mixed.example.com", "10.0.0.7",
            "internal.corp", "192.168.1.20",
            "localhost", "127.0.0.1");

    private static final EgressRules.Resolver RESOLVER = host -> {
        if (host.equals("mixed.example.com")) {
            return new InetAddress[] {InetAddress.getByName("10.0.0.7"), InetAddress.getByName("93.184.215.14")};
        }
        String address = DNS.get(host);
        if (address == null && !host.matches("[0-9a-f.:]+")) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address != null ? address : host)};
    };

    private static EgressRules rules(NetworkPolicy policy) {
        return EgressRules.of(policy, RESOLVER);
    }

    private static EgressRules.Decision decide(EgressRules rules, String host, int port) {
        EgressRules.Decision byName = rules.byName(host, port);
        return byName.allowed() ? rules.resolve(host, port, byName).decision() : byName;
    }

    @Test
    void noneRefusesEverything() {
        EgressRules none = rules(NetworkPolicy.NONE);
        assertThat(decide(none, "pypi.org", 443).allowed()).isFalse();
        assertThat(decide(none, "pypi.org", 443).reason()).contains("no network");
    }

    @Test
    void openAllowsPublicHostsOnly() {
        EgressRules open = rules(new NetworkPolicy.Open());
        assertThat(decide(open, "pypi.org", 443).allowed()).isTrue();
        assertThat(decide(open, "127.0.0.1", 8080).reason()).contains("127.0.0.1, a loopback address");
        assertThat(decide(open, "169.254.169.254", 80).reason()).contains("the cloud metadata address");
        assertThat(decide(open, "localhost", 80).allowed()).isFalse();
        assertThat(decide(open, "rebind.example.com", 443).reason())
                .isEqualTo("rebind.example.com resolves to 10.0.0.5, a private or reserved address; only an"
                        + " allowlist entry naming it exactly opens it");
        assertThat(decide(open, "metadata.example.com", 80).allowed()).isFalse();
        assertThat(decide(open, "[::ffff:10.1.2.3]", 80).allowed()).isFalse();
        assertThat(decide(open, "nowhere.invalid", 443).reason()).contains("does not resolve");
    }

    @Test
    void aNameWithPublicAndPrivateAddressesIsUsedOnlyAtItsPublicOnes() {
        EgressRules.Resolution resolution = rules(new NetworkPolicy.Open())
                .resolve("mixed.example.com", 443, EgressRules.Decision.allow("open policy", false));
        assertThat(resolution.decision().allowed()).isTrue();
        assertThat(resolution.addresses()).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
    }

    @Test
    void anAllowlistOpensItsHostsAndOnlyExplicitEntriesOpenPrivateAddresses() {
        EgressRules list = rules(new NetworkPolicy.Allowlist(List.of("pypi.org", "*.pythonhosted.org",
                "*.example.com", "internal.corp:8443", "127.0.0.1:9000", "172.16.0.0/12")));
        assertThat(decide(list, "pypi.org", 443).reason()).isEqualTo("allowlist entry pypi.org");
        assertThat(decide(list, "files.pythonhosted.org", 443).allowed()).isTrue();
        assertThat(decide(list, "github.com", 443).reason()).isEqualTo("github.com:443 is not in the run's allowlist");
        // a wildcard never opens a private address: a domain's owner could point it anywhere
        assertThat(decide(list, "rebind.example.com", 443).allowed()).isFalse();
        assertThat(decide(list, "internal.corp", 8443).allowed()).isTrue();
        assertThat(decide(list, "internal.corp", 443).allowed()).isFalse();
        assertThat(decide(list, "127.0.0.1", 9000).reason()).isEqualTo("allowlist entry 127.0.0.1:9000");
        assertThat(decide(list, "127.0.0.1", 9001).allowed()).isFalse();
        assertThat(decide(list, "172.20.1.1", 22).reason()).isEqualTo("allowlist entry 172.16.0.0/12");
        // an address entry also matches a name that resolves into it
        assertThat(decide(list, "localhost", 9000).reason()).isEqualTo("allowlist entry 127.0.0.1:9000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "172.16.0.1", "192.168.0.1", "127.0.0.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fc00::1", "fd12::1", "fe80::1", "::", "::ffff:127.0.0.1"})
    void reservedAddressesAreSpecial(String address) throws Exception {
        assertThat(EgressRules.isSpecial(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "151.101.0.223", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void publicAddressesAreNot(String address) throws Exception {
        assertThat(EgressRules.isSpecial(InetAddress.getByName(address))).isFalse();
    }
}
