package dev.poco.server.auth;

import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.PocoException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Supplies the {@link Caller} resolved by the identity filter to controller methods, or answers 401
 * when the request names no user.
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final AuthMode mode;

    CallerArgumentResolver(AuthMode mode) {
        this.mode = mode;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
        Object caller = webRequest.getAttribute(IdentityFilter.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (caller instanceof Caller c) {
            return c;
        }
        if (mode.accounts()) {
            throw new PocoException(ErrorCode.UNAUTHORIZED, "Sign in first: this endpoint acts for a signed-in user",
                    null);
        }
        // trusted_header mode without X-User-Id: never fall back to a shared user
        throw new PocoException(ErrorCode.UNAUTHORIZED, "Missing " + IdentityFilter.USER_HEADER
                + " header: POCO_AUTH_MODE=trusted_header needs the proxy in front of Poco to set it", null);
    }
}
