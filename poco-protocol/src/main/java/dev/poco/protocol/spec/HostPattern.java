package dev.poco.protocol.spec;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a network allowlist, parsed: what the server validates when a user sends it and what the runner's
 * egress gate matches. Written as
 * <ul>
 *   <li>{@code pypi.org}: that host name exactly;</li>
 *   <li>{@code *.githubusercontent.com}: any host below that domain (not the domain itself);</li>
 *   <li>{@code 10.1.2.3}, {@code [fd00::1]} or {@code 10.0.0.0/8}: an address or a range, as the host is named or
 *       as it resolves;</li>
 * </ul>
 * each optionally followed by {@code :port} to allow only that port (without it, any port).
 *
 * <p>An entry that names a host exactly (a name without {@code *}, an address or a range) is <em>explicit</em>: it
 * opens that host even when it resolves to a private, loopback or link-local address, which the gate otherwise
 * refuses in every mode. A wildcard never does, so a domain whose DNS someone else controls cannot point the gate at
 * the runner's own network.
 *
 * @param text the entry as written, normalised (lower case, IDN as ASCII)
 */
public record HostPattern(String text, Kind kind, String host, @Nullable Integer port, byte @Nullable [] network,
        int prefixBits) {

    /** What an entry names. */
    public enum Kind { NAME, WILDCARD, ADDRESS }

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern IPV4ISH = Pattern.compile("[0-9.]+");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-f:.]+");

    /**
     * Parses one entry.
     *
     * @throws IllegalArgumentException with a message for the user naming the entry and how to write it
     */
    public static HostPattern parse(String entry) {
        if (entry == null || entry.isBlank()) {
            throw bad(String.valueOf(entry), "it is empty");
        }
        String text = entry.strip().toLowerCase(Locale.ROOT);
        if (text.contains("://") || text.contains("/") && !text.matches("[0-9a-f:.\\[\\]]+/\\d{1,3}(:\\d+)?")) {
            throw bad(entry, "write a host name, not a URL (for example pypi.org or *.npmjs.org)");
        }
        String hostPart = text;
        Integer port = null;
        if (text.startsWith("[")) { // [v6] or [v6]:port
            int close = text.indexOf(']');
            if (close < 0) {
                throw bad(entry, "an IPv6 address in brackets needs its closing ]");
            }
            hostPart = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(entry, "only :port may follow the address");
                }
                port = port(entry, rest.substring(1));
            }
        } else if (text.chars().filter(c -> c == ':').count() == 1) {
            int colon = text.lastIndexOf(':');
            hostPart = text.substring(0, colon);
            port = port(entry, text.substring(colon + 1));
        }
        int slash = hostPart.indexOf('/');
        if (slash >= 0 || IP_LITERAL.matcher(hostPart).matches() && (hostPart.contains(":")
                || IPV4ISH.matcher(hostPart).matches() && hostPart.chars().filter(c -> c == '.').count() == 3)) {
            return address(entry, text, hostPart, port);
        }
        boolean wildcard = hostPart.startsWith("*.");
        String name = wildcard ? hostPart.substring(2) : hostPart;
        if (name.contains("*")) {
            throw bad(entry, "* may only stand for the leftmost labels, as in *.example.com");
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            name = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw bad(entry, "it is not a valid host name");
        }
        if (name.isEmpty() || name.length() > 253) {
            throw bad(entry, "it is not a valid host name");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw bad(entry, "it is not a valid host name");
            }
        }
        if (wildcard && !name.contains(".")) {
            throw bad(entry, "a wildcard needs a domain with a dot, as in *.example.com");
        }
        String normalised = (wildcard ? "*." : "") + name + portSuffix(port);
        return new HostPattern(normalised, wildcard ? Kind.WILDCARD : Kind.NAME, name, port, null, 0);
    }

    private static HostPattern address(String entry, String text, String hostPart, @Nullable Integer port) {
        String addressText = hostPart;
        int bits = -1;
        int slash = hostPart.indexOf('/');
        if (slash >= 0) {
            addressText = hostPart.substring(0, slash);
            bits = Integer.parseInt(hostPart.substring(slash + 1));
        }
        if (addressText.startsWith("[") && addressText.endsWith("]")) {
            addressText = addressText.substring(1, addressText.length() - 1);
        }
        byte[] bytes;
        try {
            if (!IP_LITERAL.matcher(addressText).matches()) {
                throw new UnknownHostException(addressText);
            }
            bytes = InetAddress.getByName(addressText).getAddress(); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw bad(entry, "it is not a valid IP address or range");
        }
        int max = bytes.length * 8;
        if (bits < 0) {
            bits = max;
        } else if (bits > max) {
            throw bad(entry, "a range of IPv" + (bytes.length == 4 ? "4" : "6") + " addresses has at most /" + max);
        }
        String host;
        try {
            host = InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        String shown = (bytes.length == 16 ? "[" + host + "]" : host) + (bits == max ? "" : "/" + bits);
        return new HostPattern(shown + portSuffix(port), Kind.ADDRESS, host, port, bytes, bits);
    }

    private static String portSuffix(@Nullable Integer port) {
        return port == null ? "" : port == -1 ? ":*" : ":" + port;
    }

    private static int port(String entry, String value) {
        if (value.equals("*")) {
            return -1;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw bad(entry, "the port must be a number from 1 to 65535");
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("Host pattern \"" + entry + "\" is not valid: " + why + ".");
    }

    /** Whether a name entry (exact or wildcard) covers {@code hostName} (lower case, ASCII) on {@code port}. */
    public boolean matchesName(String hostName, int port) {
        if (!portMatches(port)) {
            return false;
        }
        String name = hostName.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case NAME -> name.equals(host);
            case WILDCARD -> name.endsWith("." + host);
            case ADDRESS -> false;
        };
    }

    /** Whether an address entry covers {@code address} on {@code port}. */
    public boolean matchesAddress(InetAddress address, int port) {
        if (kind != Kind.ADDRESS || network == null || !portMatches(port)) {
            return false;
        }
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /** Explicit entries open private addresses; wildcards never do. */
    public boolean explicit() {
        return kind != Kind.WILDCARD;
    }

    private boolean portMatches(int candidate) {
        return port == null || port == -1 || port == candidate;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostPattern that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
