package dev.poco.server.system;

import dev.poco.protocol.Envelope;
import dev.poco.server.common.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A database that cannot be reached is the server's state, not a bug in the request: 503 with
 * poco's envelope (code 50101, "database unavailable") and {@code Retry-After}, instead of a
 * generic 500. Runners retry callbacks on 503, so nothing they report is lost meanwhile.
 * Spring translates connection failures (SQLState classes 08, 53, 57: refused, gone, shutting
 * down) into these exception types; {@link CannotCreateTransactionException} is how a
 * transaction reports that it got no connection. Runs before {@link ApiExceptionHandler}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailableAdvice {

    static final String MESSAGE = "database unavailable: try again in a few seconds";
    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableAdvice.class);

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
            RecoverableDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<Envelope<Object>> unavailable(Exception e) {
        log.warn("Database unavailable: {}", NestedExceptionUtils.getMostSpecificCause(e).getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(new Envelope<>(ErrorCode.DATABASE_ERROR.code(), MESSAGE, null));
    }
}
