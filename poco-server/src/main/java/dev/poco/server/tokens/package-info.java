/**
 * Personal API tokens (issue 17, part 4): named, scoped {@code read} or {@code write}, optionally expiring,
 * revocable, shown once at creation and stored as a SHA-256 hash ({@code api_tokens}).
 * <ul>
 * <li>routes: {@code GET/POST /tokens}, {@code DELETE /tokens/{id}} ({@code ApiTokenController}), all for the
 * caller's own tokens;</li>
 * <li>authentication: {@code PersonalTokens} is the {@link dev.poco.server.auth.BearerCredentials} of the
 * {@code poco_pat_} prefix, which the identity filter asks for every {@code Authorization: Bearer poco_pat_…}; it
 * refreshes {@code last_used_at} at most once a minute per token.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common"})
@NullMarked
package dev.poco.server.tokens;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
