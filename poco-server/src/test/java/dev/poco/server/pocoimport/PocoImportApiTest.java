package dev.poco.server.pocoimport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.http.Api;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What a team finds through Poco's API after {@code ./poco import-poco} into the database the server runs on: each
 * user their own imported sessions and messages, nobody else's ({@code --user-map} onto this test's users).
 */
class PocoImportApiTest extends ApiTest {

    @TempDir
    Path dir;

    @Test
    void importedSessionsAndMessagesAreTheirOwnersAndNobodyElses() throws Exception {
        Map<String, Object> seeded = new HashMap<>();
        String pocoUrl = PocoFixture.create(seeded);
        String aliceId = "alice-" + UUID.randomUUID();
        String bobId = "bob-" + UUID.randomUUID();
        Api newAlice = anonymous.as(aliceId);
        Api newBob = anonymous.as(bobId);
        Path secret = Files.writeString(dir.resolve("secret"), PocoFixture.POCO_SECRET);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PocoImportCommand.run(new String[] {"import-poco", "--database", pocoUrl, "--secret-key-file",
                secret.toString(), "--user-map", "alice=" + aliceId + "," + PocoFixture.BOB + "=" + bobId},
                Map.of("DATABASE_URL", TestDatabase.url(), "POCO_HOME", dir.toString(),
                        "POCO_SECRET_KEY", "a-key-for-this-import-test", "POCO_STORAGE_LOCAL_ROOT",
                        dir.resolve("blobs").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();

        String session = seeded.get("aliceSession").toString();
        JsonNode messages = newAlice.get("/api/v1/sessions/" + session + "/messages").ok();
        assertThat(messages).hasSize(4);
        assertThat(messages.toString()).contains("Summarise the report", "toolu_1");
        assertThat(newBob.get("/api/v1/sessions/" + session + "/messages").status()).isEqualTo(403);
        assertThat(alice.get("/api/v1/sessions/" + session + "/messages").status()).isEqualTo(403);
        assertThat(newBob.get("/api/v1/sessions/" + seeded.get("bobSession") + "/messages").ok().toString())
                .contains("Plan my week");
        assertThat(newAlice.get("/api/v1/projects").ok().toString()).contains("Reports").doesNotContain("Chores");
    }
}
