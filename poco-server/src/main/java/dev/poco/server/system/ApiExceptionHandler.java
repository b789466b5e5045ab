package dev.poco.server.system;

import dev.poco.protocol.Envelope;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.PocoException;
import dev.poco.server.common.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Every error leaves as poco's envelope {@code {code, message, data}} with an HTTP status that
 * matches it: bad JSON 400, invalid fields 422 (with {@code data.errors}), ownership 403, missing
 * 404, clashes 409, too large 413, anything unexpected 500 with code 50000 and no stack trace. An
 * unknown route is FastAPI's {@code 404 {"detail":"Not Found"}}, as poco answers it.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final long maxUploadSizeMb;

    ApiExceptionHandler(@Value("${poco.attachments.max-upload-size-mb:100}") long maxUploadSizeMb) {
        this.maxUploadSizeMb = maxUploadSizeMb;
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<Envelope<Object>> fields(ValidationException e) {
        return ErrorResponses.of(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.BAD_REQUEST.code(), e.getMessage(),
                e.data());
    }

    @ExceptionHandler(PocoException.class)
    ResponseEntity<Envelope<Object>> poco(PocoException e) {
        return ErrorResponses.of(e.errorCode(), e.kind(), e.getMessage(), e.data());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Envelope<Object>> unreadable(HttpMessageNotReadableException e) {
        Throwable jackson = e.getCause();
        while (jackson != null && !(jackson instanceof tools.jackson.core.JacksonException)) {
            jackson = jackson.getCause();
        }
        if (jackson instanceof StreamReadException parse && !(jackson instanceof DatabindException)) {
            return invalid(HttpStatus.BAD_REQUEST, "Malformed JSON body: " + parse.getOriginalMessage(), null);
        }
        if (jackson instanceof DatabindException de) {
            String field = path(de);
            String message;
            if (de instanceof MismatchedInputException mie && !(de instanceof tools.jackson.databind.exc.InvalidFormatException)
                    && mie.getTargetType() != null && field.isEmpty()) {
                return validation(List.of(error("body", "must be a JSON object")));
            }
            Throwable root = de.getCause();
            if (de instanceof ValueInstantiationException || (root instanceof IllegalArgumentException)) {
                message = String.valueOf((root != null ? root : de).getMessage());
            } else if (de instanceof MismatchedInputException mie && mie.getTargetType() != null) {
                message = "must be " + describe(mie.getTargetType());
            } else {
                message = de.getOriginalMessage();
            }
            return validation(List.of(error(field.isEmpty() ? "body" : field, message)));
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return validation(List.of(error("body", "a JSON request body is required")));
        }
        log.debug("Unreadable request body", e);
        return invalid(HttpStatus.BAD_REQUEST, "Unreadable request body", null);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Envelope<Object>> invalidBody(MethodArgumentNotValidException e) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError fe : e.getBindingResult().getFieldErrors()) {
            errors.add(error(snake(fe.getField()), String.valueOf(fe.getDefaultMessage())));
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(ge -> errors.add(error("body", String.valueOf(ge.getDefaultMessage()))));
        return validation(errors);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Envelope<Object>> invalidParameters(HandlerMethodValidationException e) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> error(
                        snake(String.valueOf(r.getMethodParameter().getParameterName())),
                        String.valueOf(err.getDefaultMessage()))))
                .collect(Collectors.toList());
        return validation(errors);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Envelope<Object>> typeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        return validation(List.of(error(e.getName(), "must be " + (type == null ? "valid" : describe(type))
                + ", got " + abbreviate(String.valueOf(e.getValue())))));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Envelope<Object>> missingParameter(MissingServletRequestParameterException e) {
        return validation(List.of(error(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Envelope<Object>> missingHeader(MissingRequestHeaderException e) {
        return validation(List.of(error(e.getHeaderName(), "header is required")));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, String>> noRoute(NoResourceFoundException e) {
        return ErrorResponses.noRoute();
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Envelope<Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        List<String> allowed = e.getSupportedHttpMethods() == null ? List.of()
                : e.getSupportedHttpMethods().stream().map(HttpMethod::name).sorted().toList();
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, String.join(", ", allowed))
                .body(new Envelope<>(ErrorCode.BAD_REQUEST.code(), "Method " + e.getMethod() + " is not allowed on "
                        + request.getRequestURI() + (allowed.isEmpty() ? "" : "; use " + String.join(", ", allowed)),
                        Map.of("allowed", allowed)));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Envelope<Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ErrorResponses.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.BAD_REQUEST.code(),
                "Content-Type " + e.getContentType() + " is not supported; send application/json", null);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Envelope<Object>> tooLarge(MaxUploadSizeExceededException e) {
        // Tomcat does not always tell the limit (-1); the setting does
        long maxBytes = maxUploadSizeMb * 1024L * 1024L;
        return ErrorResponses.of(HttpStatus.PAYLOAD_TOO_LARGE, 413, "Upload is too large: the limit is "
                + maxUploadSizeMb + " MB (MAX_UPLOAD_SIZE_MB)", Map.of("max_bytes", maxBytes));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Envelope<Object>> multipart(MultipartException e) {
        return invalid(HttpStatus.BAD_REQUEST, "Invalid multipart request: " + e.getMessage(), null);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Envelope<Object>> integrity(DataIntegrityViolationException e) {
        // SQLState class 22 is "data exception": a NUL character (22021, 22P05), a value too long
        // (22001) or out of range (22003, 22008). That is bad input, not a conflict.
        if (e.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22")) {
            return invalid(HttpStatus.BAD_REQUEST,
                    "The request contains a value that cannot be stored (for example a NUL character)", null);
        }
        log.warn("Constraint violation: {}", e.getMostSpecificCause().getMessage());
        return ErrorResponses.of(HttpStatus.CONFLICT, ErrorCode.BAD_REQUEST.code(),
                "The request conflicts with existing data", null);
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        // The client went away (typically a closed event stream); there is nobody to answer.
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Envelope<Object>> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ErrorResponses.of(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL_ERROR.code(),
                ErrorCode.INTERNAL_ERROR.defaultMessage(), null);
    }

    private static ResponseEntity<Envelope<Object>> validation(List<Map<String, String>> errors) {
        String message = errors.isEmpty() ? "Invalid request"
                : "Invalid request: " + errors.stream()
                        .map(m -> m.get("field") + " " + m.get("message"))
                        .collect(Collectors.joining("; "));
        return ErrorResponses.of(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.BAD_REQUEST.code(), message,
                Map.of("errors", errors));
    }

    private static ResponseEntity<Envelope<Object>> invalid(HttpStatus status, String message, @Nullable Object data) {
        return ErrorResponses.of(status, ErrorCode.BAD_REQUEST.code(), message, data);
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static String path(DatabindException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        return "a " + type.getSimpleName();
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
