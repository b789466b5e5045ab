package dev.poco.runner.run;

import dev.poco.runner.browser.BrowserTools;
import dev.poco.runner.claude.message.AssistantMessage;
import dev.poco.runner.claude.message.CliMessage;
import dev.poco.runner.claude.message.ContentBlock;
import dev.poco.runner.claude.message.ToolResultBlock;
import dev.poco.runner.claude.message.ToolUseBlock;
import dev.poco.runner.claude.message.UserContent;
import dev.poco.runner.claude.message.UserMessage;
import dev.poco.runner.server.ServerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Sends the screenshots of the agent's browser to the server, keyed by the tool call, as poco's BrowserScreenshotHook
 * does: for each result of a {@code mcp____poco_playwright__*} call that holds a PNG (the image the MCP server returns),
 * once per call, in the background. Best effort: a failed upload is logged and never fails the run; the run's end
 * waits a little for uploads in flight.
 */
final class BrowserScreenshots {

    private static final Logger log = LoggerFactory.getLogger(BrowserScreenshots.class);
    private static final String PREFIX = "mcp__" + BrowserTools.SERVER + "__";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    private final ServerClient server;
    private final UUID sessionId;
    private final Set<String> browserCalls = new HashSet<>();
    private final Set<String> sent = new HashSet<>();
    private final List<CompletableFuture<Void>> uploads = new ArrayList<>();

    BrowserScreenshots(ServerClient server, UUID sessionId) {
        this.server = server;
        this.sessionId = sessionId;
    }

    /** Follows one message of the CLI (on the thread that reads them). */
    synchronized void follow(CliMessage message) {
        if (message instanceof AssistantMessage assistant) {
            for (ContentBlock block : assistant.content()) {
                if (block instanceof ToolUseBlock use && use.name().startsWith(PREFIX)) {
                    browserCalls.add(use.id());
                }
            }
        } else if (message instanceof UserMessage user && user.content() instanceof UserContent.Blocks blocks) {
            for (ContentBlock block : blocks.blocks()) {
                if (block instanceof ToolResultBlock result && browserCalls.contains(result.toolUseId())
                        && !sent.contains(result.toolUseId())) {
                    byte[] png = png(result.content());
                    if (png != null) {
                        sent.add(result.toolUseId());
                        String id = result.toolUseId();
                        uploads.add(CompletableFuture.runAsync(() -> upload(id, png),
                                runnable -> Thread.ofVirtual().name("screenshot-" + id).start(runnable)));
                    }
                }
            }
        }
    }

    private void upload(String toolUseId, byte[] png) {
        try {
            server.browserScreenshot(sessionId, toolUseId, png);
        } catch (RuntimeException e) {
            log.warn("Could not upload the screenshot of {} in session {}: {}", toolUseId, sessionId, e.getMessage());
        }
    }

    /** The first PNG image in a tool result's content, in the Messages API's shape or MCP's. */
    static byte @Nullable [] png(@Nullable JsonNode content) {
        if (content == null || !content.isArray()) {
            return null;
        }
        for (JsonNode block : content) {
            if (!"image".equals(block.path("type").asString(""))) {
                continue;
            }
            String data = block.path("source").path("data").asString(block.path("data").asString(""));
            try {
                byte[] bytes = Base64.getDecoder().decode(data);
                if (bytes.length > PNG.length && java.util.Arrays.equals(bytes, 0, PNG.length, PNG, 0, PNG.length)) {
                    return bytes;
                }
            } catch (IllegalArgumentException e) {
                log.debug("A browser image was not base64: {}", e.getMessage());
            }
        }
        return null;
    }

    /** Waits up to {@code limit} for uploads in flight (poco waits 15 s). */
    void await(Duration limit) {
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            pending = List.copyOf(uploads);
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(limit.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Screenshots of session {} still uploading after {}; not waiting longer", sessionId, limit);
        }
    }
}
