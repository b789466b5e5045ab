package dev.poco.server.auth;

import dev.poco.server.system.PocoProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The security chain: only this server's host names (DNS rebinding), no cross-origin writes
 * (CSRF: the Origin / Sec-Fetch-Site check is the defence instead of a token; in password mode the
 * session cookie is also SameSite=Lax, so other sites' forms do not carry it), identity for
 * everyone (and in password mode a signed-in user for every non-public API endpoint), the runner token for the endpoints only
 * runners may call (claim, start, fail, heartbeat, watch, callback(s), {@code /internal/**}; poco
 * left the first four open) and for every actuator endpoint except health, and security headers
 * on every response.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * The web UI loads its scripts and styles from this origin only (React sets styles through the
     * DOM, which CSP allows; inline style attributes are allowed for markdown and highlight output),
     * talks only to this origin, and may not be framed.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    static {
        // Caller is resolved from the request's identity, not sent by clients: keep it out of /openapi.json.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    RunnerToken runnerToken(AuthProperties auth, PocoProperties poco) {
        return RunnerToken.resolve(auth.internalApiToken(), poco.secretsDir());
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthProperties auth, RunnerToken token, HostProperties hosts,
            AdminProperties admin, List<BearerCredentials> credentials,
            @Value("${server.address:127.0.0.1}") @Nullable String address,
            ObjectProvider<AccountSessions> accountSessions) throws Exception {
        requireLoopbackForSingleUser(auth.mode(), address);
        AllowedHosts allowed = AllowedHosts.of(hosts.allowedHosts(), hosts.publicUrl(), address);
        log.debug("Allowed host names: {}", allowed.describe());
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .anonymous(a -> a.disable())
                .headers(h -> h
                        .frameOptions(f -> f.deny())
                        .contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)))
                .addFilterAfter(new HostCheckFilter(allowed), HeaderWriterFilter.class)
                .addFilterAfter(new CrossOriginWriteFilter(allowed), HostCheckFilter.class)
                .addFilterAfter(identityFilter(auth.mode(), token, new BearerAuthentication(credentials),
                        new AdminUsers(auth.mode(), admin), accountSessions), CrossOriginWriteFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/v1/runs/claim").hasRole(IdentityFilter.RUNNER_ROLE)
                        .requestMatchers(HttpMethod.POST, "/api/v1/runs/*/start", "/api/v1/runs/*/fail",
                                "/api/v1/runs/*/heartbeat").hasRole(IdentityFilter.RUNNER_ROLE)
                        .requestMatchers(HttpMethod.GET, "/api/v1/runs/*/watch").hasRole(IdentityFilter.RUNNER_ROLE)
                        .requestMatchers(HttpMethod.POST, "/api/v1/callback", "/api/v1/callbacks")
                                .hasRole(IdentityFilter.RUNNER_ROLE)
                        .requestMatchers("/api/v1/internal/**").hasRole(IdentityFilter.RUNNER_ROLE)
                        // poco protects these two with the internal token too: they act on every user's memories
                        .requestMatchers(HttpMethod.POST, "/api/v1/memories/configure", "/api/v1/memories/reset")
                                .hasRole(IdentityFilter.RUNNER_ROLE)
                        // metrics, info and the like tell a stranger too much; probes stay open
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator", "/actuator/**").hasRole(IdentityFilter.RUNNER_ROLE)
                        .anyRequest().permitAll())
                .exceptionHandling(e -> e
                        .accessDeniedHandler((req, res, ex) -> SecurityResponses.write(res,
                                HttpServletResponse.SC_FORBIDDEN, 40300, tokenMessage(req.getHeader(
                                        IdentityFilter.TOKEN_HEADER), req.getHeader("Authorization"))))
                        .authenticationEntryPoint((req, res, ex) -> SecurityResponses.write(res,
                                HttpServletResponse.SC_FORBIDDEN, 40300, "Invalid internal token")));
        if (auth.mode().accounts()) {
            http.addFilterAfter(new SignInFilter(auth.mode()), IdentityFilter.class);
        }
        return http.build();
    }

    private static IdentityFilter identityFilter(AuthMode mode, RunnerToken token, BearerAuthentication bearer,
            AdminUsers admins, ObjectProvider<AccountSessions> accountSessions) {
        if (!mode.accounts()) {
            return new IdentityFilter(mode, token, bearer, admins, null);
        }
        AccountSessions sessions = accountSessions.getIfAvailable();
        if (sessions == null) {
            throw new IllegalStateException("POCO_AUTH_MODE=" + mode.wire() + " needs the accounts module, which is missing");
        }
        return new IdentityFilter(mode, token, bearer, admins, new SessionCookies(sessions));
    }

    @Bean
    WebMvcConfigurer callerArgument(AuthProperties auth) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver(auth.mode()));
            }
        };
    }

    private static String tokenMessage(@Nullable String token, @Nullable String authorization) {
        if (token == null && authorization == null) {
            return "This endpoint needs the runner token (INTERNAL_API_TOKEN): send it in X-Internal-Token"
                    + " or as Authorization: Bearer";
        }
        return "Invalid internal token";
    }

    /** single_user hands everything to whoever connects, so it must not listen beyond this machine. */
    private static void requireLoopbackForSingleUser(AuthMode mode, @Nullable String address) {
        if (mode != AuthMode.SINGLE_USER || address == null || address.isBlank()) {
            return;
        }
        try {
            if (!InetAddress.getByName(address).isLoopbackAddress()) {
                throw new IllegalStateException("POCO_AUTH_MODE=single_user serves everyone as one user, so it listens"
                        + " on 127.0.0.1 only, but HOST is " + address + ". Keep HOST=127.0.0.1 (and use an SSH"
                        + " tunnel or a proxy), or set POCO_AUTH_MODE=password (sign-in with local accounts), or"
                        + " POCO_AUTH_MODE=trusted_header behind a proxy that sets X-User-Id.");
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("HOST " + address + " is not a valid address", e);
        }
        log.debug("single_user mode bound to {}", address);
    }
}
