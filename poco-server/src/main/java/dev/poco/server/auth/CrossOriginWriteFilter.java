package dev.poco.server.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses writes (POST, PUT, PATCH, DELETE, multipart uploads included) that a browser sends on
 * behalf of another site: an {@code Origin} that is not this server, or {@code Sec-Fetch-Site:
 * cross-site}. Identity here is a header or the loopback interface, not a cookie with a token, so
 * this is the CSRF defence. Clients that send no {@code Origin} (curl, runners, SDKs) are not
 * browsers acting for a page and pass.
 */
final class CrossOriginWriteFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AllowedHosts allowed;

    CrossOriginWriteFilter(AllowedHosts allowed) {
        this.allowed = allowed;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (WRITES.contains(request.getMethod())) {
            String origin = request.getHeader("Origin");
            if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
                refuse(response, "the browser marked it cross-site (Sec-Fetch-Site)");
                return;
            }
            if (origin != null && !allowed.allowsOrigin(origin, request.getHeader("Host"), request.getLocalPort())) {
                refuse(response, "its Origin " + SecurityResponses.abbreviate(origin) + " is not this server");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, String why) throws IOException {
        SecurityResponses.write(response, HttpServletResponse.SC_FORBIDDEN, 40300, "Cross-origin write refused: "
                + why + ". Open Poco at one of its own addresses (" + allowed.describe() + "), or add the name to "
                + AllowedHosts.SETTING + " / set POCO_PUBLIC_URL.");
    }
}
