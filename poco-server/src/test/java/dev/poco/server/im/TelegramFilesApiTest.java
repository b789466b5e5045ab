package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.support.Exports;
import dev.poco.testkit.telegram.FakeTelegramServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /files} and {@code /get PATH}: the bound session's exported files, as documents, checked and limited. */
class TelegramFilesApiTest extends TelegramApiTest {

    /** Links the chat to alice, binds a session and exports a small workspace for it; returns the session id. */
    private String sessionWithFiles() throws IOException {
        linkToAlice();
        assertThat(say("write a report")).contains("Task created");
        String session = boundSession();
        String userId = alice.get("/api/v1/sessions/" + session).ok().path("user_id").asString();
        Path workspace = WorkspaceLayout.workspace(pocoHome().resolve("im-files-" + UUID.randomUUID()), userId,
                UUID.fromString(session));
        write(workspace, "report.md", "# Report\nAll good.\n".getBytes(StandardCharsets.UTF_8));
        write(workspace, "data/results.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        write(workspace, "big.bin", new byte[(int) MAX_FILE + 1]);
        write(workspace, ".git/config", "[core]".getBytes(StandardCharsets.UTF_8));
        Exports.export(port, session, workspace);
        return session;
    }

    private static void write(Path workspace, String relative, byte[] content) throws IOException {
        Path file = workspace.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void filesListsAndGetSendsTheBoundSessionsFiles(String lang) throws IOException {
        String session = sessionWithFiles();
        say("/lang " + lang);
        boolean zh = lang.equals("zh");
        String files = say("/files");
        assertThat(files).contains(session.substring(0, 8)).contains("/report.md (19 B)")
                .contains("/data/results.csv (8 B)").contains("/big.bin (4.0 KB)").doesNotContain(".git")
                .contains(zh ? "/get <路径>" : "/get <path>").contains("http://poco.test/s/" + session);

        int documents = telegram.documentsTo(chat).size();
        int texts = telegram.sentTo(chat).size();
        telegram.pushUpdate(telegram.textUpdate(chat, user, "/get report.md"));
        await().atMost(Duration.ofSeconds(20)).until(() -> telegram.documentsTo(chat).size() > documents);
        FakeTelegramServer.Document sent = telegram.documentsTo(chat).get(documents);
        assertThat(sent.filename()).isEqualTo("report.md");
        assertThat(new String(sent.bytes(), StandardCharsets.UTF_8)).isEqualTo("# Report\nAll good.\n");
        assertThat(sent.caption()).isEqualTo("/report.md");
        assertThat(sent.contentType()).isNotBlank();

        List<String[]> table = List.of(
                new String[] {"/get", zh ? "用法：/get" : "Usage: /get"},
                new String[] {"/get nope.txt", zh ? "找不到文件：nope.txt" : "File not found: nope.txt"},
                new String[] {"/get ../../etc/passwd", zh ? "路径不允许" : "That path is not allowed"},
                new String[] {"/get /data/../../x", zh ? "路径不允许" : "That path is not allowed"},
                new String[] {"/get .git/config", zh ? "找不到文件" : "File not found"},
                new String[] {"/get big.bin", zh ? "超过聊天可接收的 4.0 KB" : "over the 4.0 KB a chat can receive"},
                new String[] {"/get@" + BOT + " data/results.csv", null});
        for (String[] row : table) {
            if (row[1] == null) {
                int before = telegram.documentsTo(chat).size();
                telegram.pushUpdate(telegram.textUpdate(chat, user, row[0]));
                await().atMost(Duration.ofSeconds(20)).until(() -> telegram.documentsTo(chat).size() > before);
                assertThat(telegram.documentsTo(chat).get(before).filename()).isEqualTo("results.csv");
            } else {
                assertThat(say(row[0])).as(row[0]).contains(row[1]);
            }
        }
        assertThat(telegram.documentsTo(chat)).hasSize(documents + 2);
        // the documents came as documents, not as texts
        assertThat(telegram.sentTo(chat).stream().skip(texts).map(FakeTelegramServer.Sent::text))
                .noneMatch(t -> t.contains("All good."));
    }

    @Test
    void withoutABoundSessionOrExportThereIsNothingToGet() {
        linkToAlice();
        assertThat(say("/files")).contains("No session is connected");
        assertThat(say("/get report.md")).contains("No session is connected");
        say("start something");
        assertThat(say("/files")).contains("has no files yet");
        assertThat(say("/get report.md")).contains("File not found: report.md");
    }

    @Test
    void anUnlinkedChatGetsNoFiles() {
        assertThat(say("/files")).contains("not linked");
        assertThat(say("/get report.md")).contains("not linked");
    }

    @Test
    void aProviderWithoutUploadsSendsTheFallbackText() throws DeliveryException {
        List<String> sent = new ArrayList<>();
        ImChannel textOnly = new ImChannel() {
            @Override
            public String provider() {
                return "text-only";
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String mode() {
                return "test";
            }

            @Override
            public List<Part> render(Outbound message) {
                return List.of(new Part(message.text(), "plain", List.of()));
            }

            @Override
            public void send(String chatId, Part part) {
                sent.add(chatId + ": " + part.text());
            }

            @Override
            public void acknowledge(String pressId, String text) {}
        };
        textOnly.sendDocument("c1", new ImChannel.Document("a.txt", 3, "text/plain", () -> {
            throw new IOException("must not be read");
        }, "/a.txt", "📄 /a.txt (3 B): fallback"));
        assertThat(sent).containsExactly("c1: 📄 /a.txt (3 B): fallback");
        assertThat(textOnly.credentialFields()).isEmpty();
        assertThat(textOnly.environmentCredential("x")).isEmpty();
    }
}
