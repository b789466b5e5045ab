package dev.poco.runner.run;

import dev.poco.protocol.spec.RunSpec;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A scratch directory and the stand-in server, started and stopped around each stage test. */
abstract class StandInBase {

    @TempDir
    Path scratch;
    StandInServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new StandInServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    RunContext context(RunSpec spec) {
        return TestRuns.context(spec, TestRuns.settings(scratch, null, null), server);
    }
}
