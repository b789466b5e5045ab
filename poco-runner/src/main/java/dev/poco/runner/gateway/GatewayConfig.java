package dev.poco.runner.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where the gateway forwards to and with which credential. {@code toString} is safe to log (the credential is
 * redacted).
 *
 * @param upstreamBaseUrl {@code ANTHROPIC_BASE_URL}, for example {@code https://api.anthropic.com}; a path prefix is
 *     kept
 * @param credential the real key or token, added to every forwarded request
 * @param connectTimeout how long to wait for the upstream connection
 * @param readTimeout how long to wait for the response headers, and afterwards for each further piece of the body
 * @param allowedPaths request paths (without query) forwarded on POST; {@code HEAD /} is always forwarded
 */
public record GatewayConfig(
        URI upstreamBaseUrl,
        UpstreamCredential credential,
        Duration connectTimeout,
        Duration readTimeout,
        Set<String> allowedPaths) {

    /** The Messages API and its token counter. */
    public static final Set<String> MESSAGES_API = Set.of("/v1/messages", "/v1/messages/count_tokens");

    public GatewayConfig {
        Objects.requireNonNull(upstreamBaseUrl, "upstreamBaseUrl");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        String scheme = upstreamBaseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || upstreamBaseUrl.getHost() == null) {
            throw new IllegalArgumentException("upstream must be an http(s) URL: " + upstreamBaseUrl);
        }
        if (upstreamBaseUrl.getRawUserInfo() != null || upstreamBaseUrl.getRawQuery() != null) {
            throw new IllegalArgumentException("upstream URL must not carry user info or a query");
        }
        allowedPaths = Set.copyOf(allowedPaths);
    }

    /** Messages API only, 10 s to connect, 10 min to answer (the CLI's own request timeout is 600 s). */
    public static GatewayConfig of(URI upstreamBaseUrl, UpstreamCredential credential) {
        return new GatewayConfig(upstreamBaseUrl, credential, Duration.ofSeconds(10), Duration.ofMinutes(10),
                MESSAGES_API);
    }

    public GatewayConfig withTimeouts(Duration connect, Duration read) {
        return new GatewayConfig(upstreamBaseUrl, credential, connect, read, allowedPaths);
    }
}
