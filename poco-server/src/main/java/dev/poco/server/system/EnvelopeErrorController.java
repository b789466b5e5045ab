package dev.poco.server.system;

import dev.poco.server.common.ErrorCode;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (in filters, by the servlet container) still reach the client
 * as poco's envelope rather than a Whitelabel page or Boot's default JSON. Requested directly,
 * {@code /error} is just an unknown route; it is not part of the API, so not in /openapi.json.
 */
@Hidden
@RestController
class EnvelopeErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<?> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer)) {
            return ErrorResponses.noRoute(); // a plain request for /error, not an error dispatch
        }
        HttpStatus status = HttpStatus.resolve((Integer) code);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status == HttpStatus.NOT_FOUND) {
            return ErrorResponses.noRoute();
        }
        int pocoCode = switch (status) {
            case FORBIDDEN -> ErrorCode.FORBIDDEN.code();
            case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED.code();
            default -> status.is4xxClientError() ? ErrorCode.BAD_REQUEST.code() : ErrorCode.INTERNAL_ERROR.code();
        };
        String message = status.is5xxServerError() ? ErrorCode.INTERNAL_ERROR.defaultMessage()
                : status.getReasonPhrase();
        return ErrorResponses.of(status, pocoCode, message, null);
    }
}
