package dev.poco.runner.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which sandbox runs the agent ({@code POCO_SANDBOX_*}).
 *
 * @param driver {@code bubblewrap} (default), {@code none} or {@code kubernetes} ({@code POCO_SANDBOX_DRIVER}); see {@link
 *     SandboxDrivers}
 * @param allowUnsandboxed must be true for the {@code none} driver, which runs the agent directly on the host with
 *     no isolation ({@code POCO_SANDBOX_ALLOW_UNSANDBOXED}); a guard against turning isolation off by accident
 */
@ConfigurationProperties("poco.sandbox")
public record SandboxProperties(
        @DefaultValue(SandboxDrivers.BUBBLEWRAP) String driver,
        @DefaultValue("false") boolean allowUnsandboxed) {}
