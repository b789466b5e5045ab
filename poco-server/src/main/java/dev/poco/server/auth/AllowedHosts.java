package dev.poco.server.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The host names a request may be addressed to (its {@code Host} header) and the origins a browser
 * may write from. A browser tricked by DNS rebinding sends the attacker's name in {@code Host}, so
 * refusing unknown names keeps pages of other sites away from the API even on 127.0.0.1.
 */
final class AllowedHosts {

    static final String SETTING = "POCO_ALLOWED_HOSTS";

    private final Set<String> hosts;
    private final boolean any;
    private final @Nullable URI publicUrl;

    private AllowedHosts(Set<String> hosts, boolean any, @Nullable URI publicUrl) {
        this.hosts = Collections.unmodifiableSet(new LinkedHashSet<>(hosts));
        this.any = any;
        this.publicUrl = publicUrl;
    }

    /**
     * {@code configured} replaces the defaults when not empty; the host of {@code publicUrl} is
     * always added. {@code boundAddress} is HOST, added when it is a concrete address.
     */
    static AllowedHosts of(@Nullable Collection<String> configured, @Nullable String publicUrl,
            @Nullable String boundAddress) {
        Set<String> hosts = new LinkedHashSet<>();
        boolean any = false;
        if (configured != null && configured.stream().anyMatch(h -> h != null && !h.isBlank())) {
            for (String h : configured) {
                if (h == null || h.isBlank()) {
                    continue;
                }
                if (h.strip().equals("*")) {
                    any = true;
                } else {
                    hosts.add(normalize(h));
                }
            }
        } else {
            hosts.add("localhost");
            hosts.add("127.0.0.1");
            hosts.add("[::1]");
            String machine = machineHostname();
            if (machine != null) {
                hosts.add(normalize(machine));
            }
            if (boundAddress != null && !boundAddress.isBlank() && !isWildcard(boundAddress)) {
                hosts.add(normalize(boundAddress));
            }
        }
        URI url = null;
        if (publicUrl != null && !publicUrl.isBlank()) {
            try {
                url = URI.create(publicUrl.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("POCO_PUBLIC_URL " + publicUrl + " is not a URL", e);
            }
            if (url.getHost() == null || url.getScheme() == null) {
                throw new IllegalStateException("POCO_PUBLIC_URL " + publicUrl
                        + " needs a scheme and a host, for example https://poco.example.com");
            }
            hosts.add(normalize(url.getHost()));
        }
        return new AllowedHosts(hosts, any, url);
    }

    /** Whether a {@code Host} header value (name or address, with or without a port) is ours. */
    boolean allowsHostHeader(@Nullable String hostHeader) {
        if (any) {
            return true;
        }
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        return hosts.contains(normalize(hostHeader));
    }

    /**
     * Whether a browser's {@code Origin} is this server: its host is allowed and its port is the
     * port the request arrived on (or it is exactly the request's own {@code Host}, as behind a
     * proxy, or POCO_PUBLIC_URL's origin). {@code null} (a sandboxed document) is never ours.
     */
    boolean allowsOrigin(String origin, @Nullable String hostHeader, int localPort) {
        URI uri;
        try {
            uri = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return false;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equalsIgnoreCase("https") ? 443 : 80;
        if (publicUrl != null && sameOrigin(uri, port, publicUrl)) {
            return true;
        }
        if (!allowsHostHeader(host)) {
            return false;
        }
        if (port == localPort) {
            return true;
        }
        return hostHeader != null && normalizeWithPort(hostHeader, scheme).equals(normalize(host) + ":" + port);
    }

    String describe() {
        return any ? "*" : String.join(",", hosts);
    }

    private static boolean sameOrigin(URI origin, int originPort, URI publicUrl) {
        int publicPort = publicUrl.getPort() != -1 ? publicUrl.getPort()
                : "https".equalsIgnoreCase(publicUrl.getScheme()) ? 443 : 80;
        return origin.getScheme().equalsIgnoreCase(publicUrl.getScheme())
                && normalize(origin.getHost()).equals(normalize(publicUrl.getHost())) && originPort == publicPort;
    }

    /** Lower case, no trailing dot, no port; IPv6 addresses in brackets. */
    static String normalize(String hostOrHostPort) {
        String h = hostOrHostPort.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
            return "[" + h + "]"; // a bare IPv6 address
        }
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String normalizeWithPort(String hostHeader, String scheme) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        int close = h.lastIndexOf(']');
        int colon = h.lastIndexOf(':');
        String port = colon > close ? h.substring(colon + 1) : scheme.equalsIgnoreCase("https") ? "443" : "80";
        return normalize(h) + ":" + port;
    }

    private static boolean isWildcard(String address) {
        String a = address.strip();
        return a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]") || a.equals("*");
    }

    private static @Nullable String machineHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? null : env;
        }
    }
}
