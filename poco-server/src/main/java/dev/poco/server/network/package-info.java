/**
 * Network policy of runs (issue 13, the egress gate): the settings {@code POCO_NETWORK_DEFAULT} and
 * {@code POCO_NETWORK_ALLOWLIST} ({@code NetworkProperties}), the shape users send ({@code NetworkConfig}, on tasks,
 * sessions and projects), its checks and the effective policy written into each run's config snapshot
 * ({@code NetworkPolicies}). The runner's gate enforces it; what the gate saw comes back through
 * {@code networkevents}.
 * <ul>
 * <li>no routes, no table, no events;</li>
 * <li>API: {@code NetworkConfig}, {@code NetworkMode}, {@code NetworkPolicies}, {@code NetworkProperties}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"common"})
@NullMarked
package dev.poco.server.network;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
