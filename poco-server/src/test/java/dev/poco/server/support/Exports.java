package dev.poco.server.support;

import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.server.ServerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Exports a workspace directory to a test server with the runner's own exporter, over HTTP, as a runner does. */
public final class Exports {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Exports() {}

    /** Exports {@code workspace} as session {@code sessionId}'s; fails the test when the export fails. */
    public static WorkspaceExporter.Result export(int port, String sessionId, Path workspace) {
        WorkspaceExporter.Result result = exporter(port).export(UUID.fromString(sessionId), UUID.randomUUID(),
                workspace);
        if (result == null) {
            throw new AssertionError("The export of " + workspace + " failed; see the log");
        }
        return result;
    }

    public static WorkspaceExporter exporter(int port) {
        try {
            return new WorkspaceExporter(new ServerClient(URI.create("http://127.0.0.1:" + port), ApiTest.RUNNER_TOKEN,
                    JSON), Files.createTempDirectory("poco-test-export"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
