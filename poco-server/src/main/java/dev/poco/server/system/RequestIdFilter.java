package dev.poco.server.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Accepts {@code X-Request-ID} and {@code X-Trace-ID} from the caller (or generates 32-hex ids as
 * poco does), puts them in the log context of every line logged for the request, and echoes both
 * on the response. Ids that are not short and plain ({@code [A-Za-z0-9._-]}, ≤ 128) are replaced,
 * so a header cannot forge log lines.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID = "X-Request-ID";
    public static final String TRACE_ID = "X-Trace-ID";
    static final String MDC_REQUEST_ID = "request_id";
    static final String MDC_TRACE_ID = "trace_id";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = acceptOrGenerate(request.getHeader(REQUEST_ID));
        String traceId = acceptOrGenerate(request.getHeader(TRACE_ID));
        response.setHeader(REQUEST_ID, requestId);
        response.setHeader(TRACE_ID, traceId);
        MDC.put(MDC_REQUEST_ID, requestId);
        MDC.put(MDC_TRACE_ID, traceId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_REQUEST_ID);
            MDC.remove(MDC_TRACE_ID);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static String acceptOrGenerate(@Nullable String header) {
        if (header != null) {
            String trimmed = header.strip();
            if (SAFE_ID.matcher(trimmed).matches()) {
                return trimmed;
            }
        }
        return UUID.randomUUID().toString().replace("-", "");
    }
}
