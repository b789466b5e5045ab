package dev.poco.server.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One structured line per request, as poco's {@code http_request} record: method, path (query
 * values of secret-looking keys, and an OIDC callback's code and state, shown as {@code ***}), status,
 * duration, client address and user agent. INFO for success, WARN for 4xx, ERROR for 5xx; health
 * probes, metrics scrapes, static assets and the runner's claim, heartbeat and callback calls log at
 * DEBUG when they succeed so they do not drown the rest.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("http_request");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([^&=]*(?:token|secret|password|authorization|api[_-]?key|key)[^&=]*)=([^&]*)");
    private static final Pattern OAUTH_PARAM = Pattern.compile(
            "(?i)(^|&)(code|state|nonce|invite|session_state|id_token|code_verifier)=([^&]*)");
    private static final int MAX_USER_AGENT = 120;
    private static final Pattern RUNNER_TRAFFIC = Pattern.compile(
            "/api/v1/(runs/(claim|[^/]+/(start|fail|heartbeat|watch))|callbacks?(/.*)?"
                    + "|internal/(runs/claims|run-setup|env-vars/map|claude-md|[a-z-]+/resolve|attachments/content"
                    + "|sessions/[^/]+/(permission-rules|workspace/(export(/archive)?|state))))/?");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            write(request, response.getStatus(), millis);
        }
    }

    private void write(HttpServletRequest request, int status, long millis) {
        String path = request.getRequestURI() + redactQuery(request.getQueryString());
        String line = "method=" + request.getMethod()
                + " path=" + quote(path)
                + " status=" + status
                + " duration_ms=" + millis
                + " client=" + request.getRemoteAddr()
                + " user_agent=" + quote(userAgent(request.getHeader("User-Agent")));
        String uri = request.getRequestURI();
        boolean quiet = !uri.startsWith("/api/");
        if (status >= 500) {
            log.error(line);
        } else if (status >= 400 && !quiet) {
            log.warn(line);
        } else if (quiet || isRunnerTraffic(uri)) {
            log.debug(line);
        } else {
            log.info(line);
        }
    }

    /**
     * The runner's own calls (claim long-polls every 25 s, heartbeats every 5 s, one callback per
     * message, and per run its reads of rules and capabilities and its workspace export): routine
     * traffic between Poco's parts, so DEBUG unless it fails.
     */
    static boolean isRunnerTraffic(String uri) {
        return RUNNER_TRAFFIC.matcher(uri).matches();
    }

    static String redactQuery(@Nullable String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        Matcher m = SECRET_PARAM.matcher(query);
        String redacted = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)) + "=***");
        // an OpenID Connect callback's code and state, and an invite's code, are credentials too
        return "?" + OAUTH_PARAM.matcher(redacted).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2))
                + "=***");
    }

    private static String userAgent(@Nullable String ua) {
        if (ua == null) {
            return "";
        }
        return ua.length() > MAX_USER_AGENT ? ua.substring(0, MAX_USER_AGENT) + "...(truncated)" : ua;
    }

    private static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
