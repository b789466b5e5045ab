package dev.poco.runner.sandbox;

/**
 * How the sandboxed command can reach the runner's model gateway, which the driver decides because only it knows what
 * the sandbox can see ({@link SandboxDriver#gatewayEndpointKind()}).
 */
public enum GatewayEndpointKind {
    /** A Unix socket on the host, bind-mounted into the sandbox (bubblewrap: the sandbox has no network at all). */
    UNIX,
    /** A TCP address the sandbox can connect to (no sandbox, and later containers and pods). */
    TCP
}
