package dev.poco.server.system;

import dev.poco.protocol.Envelope;
import dev.poco.server.common.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (in filters, by the servlet container) still reach the client
 * as poco's envelope rather than a Whitelabel page or Boot's default JSON.
 */
@RestController
class EnvelopeErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Envelope<Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        int pocoCode = switch (status) {
            case NOT_FOUND -> ErrorCode.NOT_FOUND.code();
            case FORBIDDEN -> ErrorCode.FORBIDDEN.code();
            case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED.code();
            default -> status.is4xxClientError() ? ErrorCode.BAD_REQUEST.code() : ErrorCode.INTERNAL_ERROR.code();
        };
        String message = status.is5xxServerError() ? ErrorCode.INTERNAL_ERROR.defaultMessage()
                : status.getReasonPhrase();
        return ErrorResponses.of(status, pocoCode, message, null);
    }
}
