package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A git repository the run works in (poco's {@code repo_url}, {@code git_branch},
 * {@code git_token_env_key}). Carries the <em>name</em> of the environment variable holding the
 * token, never the token.
 *
 * @param branch the branch to check out; null for the remote's default
 * @param tokenEnvKey the user's environment variable with the access token; null for none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Repository(String url, @Nullable String branch, @Nullable String tokenEnvKey) {}
