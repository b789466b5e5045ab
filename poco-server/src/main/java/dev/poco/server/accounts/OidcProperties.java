package dev.poco.server.accounts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code POCO_AUTH_MODE=oidc}: the provider ({@code POCO_OIDC_ISSUER}, found through its
 * {@code .well-known/openid-configuration}), this client's credentials ({@code POCO_OIDC_CLIENT_ID},
 * {@code POCO_OIDC_CLIENT_SECRET}; without a secret Poco is a public client and relies on PKCE), the scopes asked for
 * ({@code POCO_OIDC_SCOPES}), the e-mail domains whose users get an account on their first sign-in
 * ({@code POCO_OIDC_ALLOWED_DOMAINS}, comma-separated; empty: only existing and invited accounts), the claim and
 * value that make an admin ({@code POCO_OIDC_ADMIN_CLAIM}, {@code POCO_OIDC_ADMIN_VALUE}), and the sign-in button's
 * label ({@code POCO_OIDC_PROVIDER_NAME}).
 */
@ConfigurationProperties("poco.oidc")
public record OidcProperties(
        @Nullable String issuer,
        @Nullable String clientId,
        @Nullable String clientSecret,
        @DefaultValue("openid email profile") String scopes,
        @Nullable String allowedDomains,
        @Nullable String adminClaim,
        @Nullable String adminValue,
        @Nullable String providerName) {

    static final String DEFAULT_PROVIDER_NAME = "Single sign-on";

    /** What the sign-in button says after "Sign in with". */
    public String displayName() {
        String name = providerName;
        return name == null || name.isBlank() ? DEFAULT_PROVIDER_NAME : name.strip();
    }

    /** The scopes, always with {@code openid} (without it the provider would not send an ID token). */
    Set<String> scopeSet() {
        Set<String> all = new java.util.LinkedHashSet<>();
        all.add("openid");
        Arrays.stream(scopes.split("[\\s,]+")).map(String::strip).filter(s -> !s.isEmpty()).forEach(all::add);
        return all;
    }

    /** Lower-case domains, without a leading {@code @}. */
    List<String> domains() {
        String list = allowedDomains;
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::strip).filter(d -> !d.isEmpty())
                .map(d -> d.startsWith("@") ? d.substring(1) : d).map(d -> d.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableList());
    }

    /** Refuses oidc mode without a provider or client id, naming what is missing. */
    void requireComplete() {
        List<String> missing = new java.util.ArrayList<>();
        String url = issuer;
        if (url == null || url.isBlank()) {
            missing.add("POCO_OIDC_ISSUER (the provider's issuer URL, e.g. https://accounts.google.com)");
        }
        if (clientId == null || clientId.isBlank()) {
            missing.add("POCO_OIDC_CLIENT_ID (this Poco's client id at the provider)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("POCO_AUTH_MODE=oidc needs " + String.join(" and ", missing)
                    + ". Register Poco at your OpenID Connect provider with the redirect URI"
                    + " <POCO_PUBLIC_URL>/api/v1/auth/oidc/callback and set them.");
        }
        String lower = url == null ? "" : url.strip().toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            throw new IllegalStateException("POCO_OIDC_ISSUER must be an http(s) URL, got \"" + lower + "\"");
        }
    }
}
