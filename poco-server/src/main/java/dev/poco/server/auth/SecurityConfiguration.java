package dev.poco.server.auth;

import dev.poco.server.system.PocoProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The security chain: identity for everyone, the runner token for the endpoints only runners may
 * call (claim, start, fail, heartbeat, watch, callback(s), {@code /internal/**}; poco left the
 * first four open). No cookies and no sessions in these modes, hence no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    RunnerToken runnerToken(AuthProperties auth, PocoProperties poco) {
        return RunnerToken.resolve(auth.internalApiToken(), poco.secretsDir());
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthProperties auth, RunnerToken token,
            @Value("${server.address:127.0.0.1}") @Nullable String address) throws Exception {
        requireLoopbackForSingleUser(auth.mode(), address);
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .anonymous(a -> a.disable())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .addFilterAfter(new IdentityFilter(auth.mode(), token), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/v1/runs/claim").hasRole(IdentityFilter.RUNNER_ROLE)
                        .requestMatchers(HttpMethod.POST, "/api/v1/runs/*/start", "/api/v1/runs/*/fail",
                                "/api/v1/runs/*/heartbeat").hasRole(IdentityFilter.RUNNER_ROLE)
                        .requestMatchers(HttpMethod.GET, "/api/v1/runs/*/watch").hasRole(IdentityFilter.RUNNER_ROLE)
                        .requestMatchers(HttpMethod.POST, "/api/v1/callback", "/api/v1/callbacks")
                                .hasRole(IdentityFilter.RUNNER_ROLE)
                        .requestMatchers("/api/v1/internal/**").hasRole(IdentityFilter.RUNNER_ROLE)
                        .anyRequest().permitAll())
                .exceptionHandling(e -> e
                        .accessDeniedHandler((req, res, ex) -> SecurityResponses.write(res,
                                HttpServletResponse.SC_FORBIDDEN, 40300, tokenMessage(req.getHeader(
                                        IdentityFilter.TOKEN_HEADER), req.getHeader("Authorization"))))
                        .authenticationEntryPoint((req, res, ex) -> SecurityResponses.write(res,
                                HttpServletResponse.SC_FORBIDDEN, 40300, "Invalid internal token")));
        return http.build();
    }

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    private static String tokenMessage(@Nullable String token, @Nullable String authorization) {
        if (token == null && authorization == null) {
            return "This endpoint is for runners: send the runner token in X-Internal-Token";
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
                        + " tunnel or a proxy), or set POCO_AUTH_MODE=trusted_header behind a proxy that sets"
                        + " X-User-Id.");
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("HOST " + address + " is not a valid address", e);
        }
        log.debug("single_user mode bound to {}", address);
    }
}
