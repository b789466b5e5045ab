package dev.poco.server.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests addressed to a name this server does not answer to (DNS rebinding) with 421
 * Misdirected Request. Runners are held to the same rule: they must reach the server by one of
 * its allowed names.
 */
final class HostCheckFilter extends OncePerRequestFilter {

    private final AllowedHosts allowed;

    HostCheckFilter(AllowedHosts allowed) {
        this.allowed = allowed;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader("Host");
        // no Host at all (HTTP/1.0 tools) cannot be a browser led here by DNS rebinding
        if (host != null && !allowed.allowsHostHeader(host)) {
            SecurityResponses.write(response, 421, 40000, "This server does not answer to the host name \""
                    + SecurityResponses.abbreviate(String.valueOf(host)) + "\". Add it to " + AllowedHosts.SETTING
                    + " (now " + allowed.describe() + ") or set POCO_PUBLIC_URL to the URL you reach Poco at.");
            return;
        }
        chain.doFilter(request, response);
    }
}
