package dev.poco.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.app.e2e.EndToEndTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web UI's API types are generated from {@code web/openapi.json}, a committed copy of the
 * server's {@code /openapi.json}. This test fails when the server's document drifts from that copy,
 * so a server change that the UI's types do not know about is noticed in the build. Run with
 * {@code -Dpoco.openapi.update=true} to rewrite the copy instead (see web/README.md).
 *
 * <p>The copy is normalised so that it only changes when the API does: keys sorted, two-space
 * indentation, LF line ends, and no {@code servers} (it names this test's random port).
 */
class OpenApiSnapshotTest extends EndToEndTest {

    static final String UPDATE_PROPERTY = "poco.openapi.update";
    static final String UPDATE_COMMAND = "./mvnw -B -ntp -pl poco-app -am test -Dskip.npm -Dtest=OpenApiSnapshotTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @Test
    void servedDocumentMatchesTheWebSnapshot() throws IOException, InterruptedException {
        String served = normalise(fetch("/openapi.json"));
        Path snapshot = snapshotFile();

        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(snapshot, served, StandardCharsets.UTF_8);
            System.out.println("Wrote " + snapshot.toAbsolutePath().normalize());
            return;
        }
        String committed = Files.exists(snapshot) ? Files.readString(snapshot, StandardCharsets.UTF_8) : "";
        assertThat(committed)
                .as("""
                        The server's /openapi.json differs from the committed web/openapi.json, from which the \
                        web UI's API types are generated. Check that the API change is intended, then rewrite \
                        the snapshot with
                          %s
                        (or `npm run openapi:update` in web/) and commit it with the change.""", UPDATE_COMMAND)
                .isEqualTo(served);
    }

    private String fetch(String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(res.statusCode()).as("GET %s", path).isEqualTo(200);
            return res.body();
        }
    }

    /** Sorted keys, two-space indentation as JSON.stringify(doc, null, 2) writes it, and no servers. */
    static String normalise(String document) {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = JSON.readValue(document, Map.class);
        doc.remove("servers");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                        .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        return JSON.writer().with(printer).writeValueAsString(doc) + "\n";
    }

    /** web/openapi.json, found from the module directory surefire runs in. */
    private static Path snapshotFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("web/package.json"))) {
                return dir.resolve("web/openapi.json");
            }
        }
        throw new IllegalStateException("No web/ directory above " + Path.of("").toAbsolutePath());
    }
}
