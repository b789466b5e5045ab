package dev.poco.server.network;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The network a task, a session or a project asks for (ours, not poco's), as clients send it and as it is stored:
 * {@code {"mode": "none" | "allowlist" | "open", "hosts": [...]}}. {@code hosts} are host patterns (see
 * {@code dev.poco.protocol.spec.HostPattern}) and only go with {@code allowlist}, where they are added to the
 * server's default allowlist ({@code POCO_NETWORK_ALLOWLIST}). {@link NetworkPolicies#normalise} checks one.
 */
public record NetworkConfig(@Nullable String mode, @Nullable List<@Nullable String> hosts) {}
