package dev.poco.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.BooleanSupplier;

/**
 * Whether the sign-in a long-lived request was accepted with still holds. An event stream stays open for hours: when
 * its user signs out everywhere, is disabled, or its session expires or its API token is revoked, the stream must not
 * go on carrying the user's events. The identity filter leaves a check on the request (password mode: the
 * {@code poco_session} cookie or the personal token is looked up again); the streams call {@link #holds} between
 * events and end when it fails, so the client's reconnect gets 401 and it asks its user to sign in again.
 */
public final class SignInCheck {

    static final String ATTRIBUTE = SignInCheck.class.getName();

    private SignInCheck() {}

    static void attach(HttpServletRequest request, BooleanSupplier check) {
        request.setAttribute(ATTRIBUTE, check);
    }

    /** True unless the request's sign-in ended since it was accepted (always true for modes without sign-in). */
    public static boolean holds(HttpServletRequest request) {
        return !(request.getAttribute(ATTRIBUTE) instanceof BooleanSupplier check) || check.getAsBoolean();
    }
}
