package dev.poco.server.pullrequests;

import jakarta.validation.constraints.Min;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where a session's branch is pushed and its pull request opened.
 *
 * @param url where {@code https://github.com/<owner>/<repo>} is pushed to ({@code POCO_GITHUB_URL}): github.com, a
 *     mirror or GitHub Enterprise, as the runner's {@code POCO_RUNNER_GITHUB_URL} for clones
 * @param apiUrl GitHub's REST API ({@code POCO_GITHUB_API_URL}; GitHub Enterprise: {@code https://host/api/v3})
 * @param timeoutSeconds the longest one git command or API call may take ({@code POCO_GITHUB_TIMEOUT_SECONDS})
 */
@Validated
@ConfigurationProperties("poco.github")
public record GitHubProperties(
        @DefaultValue("https://github.com") URI url,
        @DefaultValue("https://api.github.com") URI apiUrl,
        @DefaultValue("300") @Min(1) int timeoutSeconds) {}
