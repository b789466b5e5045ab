package dev.poco.runner.config;

import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import dev.poco.runner.sandbox.HostUidRange;
import dev.poco.runner.sandbox.LimitOptions;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.UnsandboxedDriver;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the sandbox driver {@code POCO_SANDBOX_DRIVER} names. One switch instead of a conditional bean per driver, so
 * that an unknown name or a refused {@code none} stops the runner with a message saying what to set.
 */
public final class SandboxDrivers {

    static final String BUBBLEWRAP = "bubblewrap";
    static final String NONE = "none";
    /** Every value {@code POCO_SANDBOX_DRIVER} accepts. */
    public static final List<String> NAMES = List.of(BUBBLEWRAP, NONE);

    private static final Logger log = LoggerFactory.getLogger(SandboxDrivers.class);

    private SandboxDrivers() {
    }

    /**
     * @throws InvalidSandboxConfigurationException for an unknown driver, or {@code none} without {@code
     *     POCO_SANDBOX_ALLOW_UNSANDBOXED=true}
     * @throws dev.poco.runner.sandbox.SandboxUnavailableException if the driver cannot work on this host
     */
    public static SandboxDriver create(SandboxProperties sandbox, RunnerProperties runner, Path home) {
        String name = sandbox.driver().strip().toLowerCase(Locale.ROOT);
        SandboxDriver driver = switch (name) {
            case BUBBLEWRAP -> new BubblewrapSandboxDriver(BubblewrapOptions.defaults()
                    .withStateDir(home.resolve("run/sandboxes"))
                    .withHostUids(HostUidRange.parse(runner.sandboxUidRange())),
                    LimitOptions.defaults().withRequireLimits(runner.requireLimits()));
            case NONE -> {
                if (!sandbox.allowUnsandboxed()) {
                    throw new InvalidSandboxConfigurationException("POCO_SANDBOX_DRIVER=none runs the agent directly"
                            + " on this host, with your files, network and credentials and no isolation; it is for"
                            + " development only. Set POCO_SANDBOX_ALLOW_UNSANDBOXED=true to allow it, or use"
                            + " POCO_SANDBOX_DRIVER=bubblewrap (the default).");
                }
                yield new UnsandboxedDriver();
            }
            default -> throw new InvalidSandboxConfigurationException("POCO_SANDBOX_DRIVER=" + sandbox.driver()
                    + " is not a sandbox driver; allowed values: " + String.join(", ", NAMES));
        };
        if (driver.name().equals(NONE)) {
            log.warn("*** Sandbox driver: none. Runs are NOT sandboxed: the agent runs on this host as the runner's"
                    + " user, with its network and files (POCO_SANDBOX_ALLOW_UNSANDBOXED=true). Development only. ***");
        } else {
            log.info("Sandbox driver: {}", driver.name());
        }
        return driver;
    }

    /** The sandbox settings make no sense; the message names the variable to change. */
    public static final class InvalidSandboxConfigurationException extends IllegalStateException {
        InvalidSandboxConfigurationException(String message) {
            super(message);
        }
    }
}
