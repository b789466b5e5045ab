package dev.poco.runner.egress;

import dev.poco.protocol.spec.HostPattern;
import dev.poco.protocol.spec.NetworkPolicy;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The decisions of one run's egress gate, in two steps: {@link #byName} before any DNS lookup, then {@link #resolve},
 * which looks the name up and keeps only the addresses the gate may connect to. Thread-safe and immutable.
 *
 * <p>Refused in every mode, after resolution: loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * link-local (169.254/16 with the cloud metadata address, fe80::/10), carrier-grade NAT (100.64/10), unspecified,
 * multicast and broadcast addresses, also when written as IPv4-mapped IPv6. An allowlist entry that names the host
 * exactly, or an address range containing it, opens it on purpose ({@link HostPattern#explicit()}).
 */
public final class EgressRules {

    /** One decision; {@code reason} is a sentence for the user. */
    public record Decision(boolean allowed, String reason, boolean explicit) {

        static Decision allow(String reason, boolean explicit) {
            return new Decision(true, reason, explicit);
        }

        static Decision refuse(String reason) {
            return new Decision(false, reason, false);
        }
    }

    /** The addresses a connection may use, or why there are none. */
    public record Resolution(List<InetAddress> addresses, Decision decision) {}

    /** Looks a name up; the gate's own resolver, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] lookup(String host) throws UnknownHostException;

        Resolver SYSTEM = InetAddress::getAllByName;
    }

    private final String mode;
    private final List<HostPattern> patterns;
    private final Resolver resolver;

    private EgressRules(String mode, List<HostPattern> patterns, Resolver resolver) {
        this.mode = mode;
        this.patterns = patterns;
        this.resolver = resolver;
    }

    /**
     * @throws IllegalArgumentException naming an allowlist entry the gate cannot match (the server refuses those with
     *     a 400 before a run exists; a hand-written snapshot could still hold one)
     */
    public static EgressRules of(NetworkPolicy policy, Resolver resolver) {
        return switch (policy) {
            case NetworkPolicy.None none -> new EgressRules("none", List.of(), resolver);
            case NetworkPolicy.Open open -> new EgressRules("open", List.of(), resolver);
            case NetworkPolicy.Allowlist list -> {
                List<HostPattern> parsed = new ArrayList<>();
                for (String host : list.hosts()) {
                    parsed.add(HostPattern.parse(host));
                }
                yield new EgressRules("allowlist", List.copyOf(parsed), resolver);
            }
        };
    }

    public static EgressRules of(NetworkPolicy policy) {
        return of(policy, Resolver.SYSTEM);
    }

    /** {@code none}, {@code allowlist} or {@code open}. */
    public String mode() {
        return mode;
    }

    /**
     * The decision by name alone, before any lookup. An allowlist host that only an address entry could match is
     * allowed here with reason "by address" and decided by {@link #resolve}.
     */
    public Decision byName(String host, int port) {
        if (mode.equals("none")) {
            return Decision.refuse("the run has no network (policy none)");
        }
        if (port < 1 || port > 65535) {
            return Decision.refuse("port " + port + " is not a valid port");
        }
        if (mode.equals("open")) {
            return Decision.allow("open policy", false);
        }
        String name = normalise(host);
        HostPattern match = null;
        for (HostPattern pattern : patterns) {
            if (pattern.matchesName(name, port) && (match == null || pattern.explicit() && !match.explicit())) {
                match = pattern; // an entry naming the host exactly wins over a wildcard, wherever it is listed
            }
        }
        if (match != null) {
            return Decision.allow("allowlist entry " + match.text(), match.explicit());
        }
        if (patterns.stream().anyMatch(p -> p.kind() == HostPattern.Kind.ADDRESS)) {
            return Decision.allow("by address", false);
        }
        return Decision.refuse(name + ":" + port + " is not in the run's allowlist");
    }

    /**
     * Looks {@code host} up (an address literal is used as is) and keeps the addresses the gate may connect to, in
     * the resolver's order. {@code byName} must have allowed the host.
     */
    public Resolution resolve(String host, int port, Decision byName) {
        String name = normalise(host);
        InetAddress[] found;
        try {
            found = resolver.lookup(name);
        } catch (UnknownHostException e) {
            return new Resolution(List.of(), Decision.refuse(byName.reason().equals("by address")
                    ? name + ":" + port + " is not in the run's allowlist" : name + " does not resolve (DNS)"));
        }
        List<InetAddress> usable = new ArrayList<>();
        String firstRefusal = null;
        String reason = byName.reason();
        for (InetAddress address : found) {
            HostPattern range = addressEntry(address, port);
            boolean special = isSpecial(address);
            if (byName.reason().equals("by address") && range == null) {
                String shown = unmapped(address).getHostAddress();
                firstRefusal = firstRefusal != null ? firstRefusal : name + ":" + port
                        + (name.equals(shown) ? "" : " (" + shown + ")") + " is not in the run's allowlist";
                continue;
            }
            if (special && !byName.explicit() && range == null) {
                firstRefusal = firstRefusal != null ? firstRefusal : refusalOfSpecial(name, address);
                continue;
            }
            if (range != null && byName.reason().equals("by address")) {
                reason = "allowlist entry " + range.text();
            }
            usable.add(address);
        }
        if (usable.isEmpty()) {
            return new Resolution(List.of(), Decision.refuse(firstRefusal != null ? firstRefusal
                    : name + " does not resolve (DNS)"));
        }
        return new Resolution(List.copyOf(usable), Decision.allow(reason, byName.explicit()));
    }

    private @Nullable HostPattern addressEntry(InetAddress address, int port) {
        InetAddress plain = unmapped(address);
        for (HostPattern pattern : patterns) {
            if (pattern.matchesAddress(plain, port)) {
                return pattern;
            }
        }
        return null;
    }

    private static String refusalOfSpecial(String name, InetAddress address) {
        String what = address.isLoopbackAddress() ? "a loopback address"
                : unmapped(address).getHostAddress().equals("169.254.169.254") ? "the cloud metadata address"
                : address.isLinkLocalAddress() ? "a link-local address"
                : "a private or reserved address";
        String shown = unmapped(address).getHostAddress();
        return (name.equals(shown) ? shown : name + " resolves to " + shown) + ", " + what
                + "; only an allowlist entry naming it exactly opens it";
    }

    /** Whether the gate refuses {@code address} unless an explicit entry opens it. */
    public static boolean isSpecial(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 0 // "this network"
                    || first == 100 && second >= 64 && second <= 127 // carrier-grade NAT
                    || first == 192 && second == 0 && (b[2] & 0xFF) == 0 // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        return (b[0] & 0xFE) == 0xFC; // unique local fc00::/7 (isSiteLocalAddress covers only fec0::/10)
    }

    /** {@code ::ffff:a.b.c.d} as {@code a.b.c.d}; any other address as is. */
    static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
