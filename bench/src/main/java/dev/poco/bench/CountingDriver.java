package dev.poco.bench;

import dev.poco.runner.sandbox.GatewayEndpointKind;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.sandbox.SandboxStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A sandbox driver that counts the sandboxes it starts. */
final class CountingDriver implements SandboxDriver {

    private final SandboxDriver driver;
    private final AtomicInteger starts = new AtomicInteger();

    CountingDriver(SandboxDriver driver) {
        this.driver = driver;
    }

    int starts() {
        return starts.get();
    }

    @Override
    public String name() {
        return driver.name();
    }

    @Override
    public GatewayEndpointKind gatewayEndpointKind() {
        return driver.gatewayEndpointKind();
    }

    @Override
    public SandboxHandle start(SandboxSpec spec) {
        starts.incrementAndGet();
        return driver.start(spec);
    }

    @Override
    public Optional<SandboxHandle> find(String sandboxId) {
        return driver.find(sandboxId);
    }

    @Override
    public SandboxStatus status(String sandboxId) {
        return driver.status(sandboxId);
    }

    @Override
    public void stop(String sandboxId, Duration grace) {
        driver.stop(sandboxId, grace);
    }

    @Override
    public void close() {
        driver.close();
    }
}
