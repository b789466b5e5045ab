/**
 * The egress gate (issue 13): the only way from a sandbox to the network. An HTTP(S) forward proxy per run, outside
 * the sandbox, on a Unix socket bound into it; inside, a relay on the sandbox's own loopback turns that socket into
 * the {@code HTTP(S)_PROXY} every tool knows. CONNECT tunnels (TLS, never intercepted) and plain HTTP requests are
 * decided by host name and port against the run's {@link dev.poco.protocol.spec.NetworkPolicy}, then resolved by the
 * gate itself and refused when they reach a private, loopback, link-local or metadata address, unless an explicit
 * allowlist entry names them ({@link dev.poco.runner.egress.EgressRules}). The gate connects to the very address it
 * checked, so a name that changes its answer (DNS rebinding) cannot slip through. Every connection, opened or refused,
 * is one {@link dev.poco.protocol.NetworkEvent}. {@link dev.poco.runner.egress.EgressGate} is the entry point.
 */
@NullMarked
package dev.poco.runner.egress;

import org.jspecify.annotations.NullMarked;
