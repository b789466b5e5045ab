/**
 * Browser screenshots (issue 13, part 3): one PNG per browser tool call of a run with {@code browser_enabled}, keyed
 * by the call's {@code tool_use_id} and kept in the BlobStore under poco's key
 * ({@code replays/<user>/<session>/browser/<tool_use_id>.png}, {@code storage.BlobKeys#browserScreenshot}).
 * <ul>
 * <li>routes: {@code PUT /internal/sessions/{id}/computer/browser/{tool_use_id}} (runner token; raw PNG body, at most
 * 10 MiB; a re-upload replaces), {@code GET /sessions/{id}/computer/browser/{tool_use_id}} (poco's
 * {@code {tool_use_id, url}}, HTTP 404 code 404 "Browser screenshot not ready" while absent) and
 * {@code GET /sessions/{id}/computer/browser/{tool_use_id}/image} (the bytes) ({@code BrowserScreenshotController});
 * service: {@code BrowserScreenshots};</li>
 * <li>no table and no events: the key is derived from the ids, so the store alone says whether a screenshot
 * exists;</li>
 * <li>API: {@code BrowserScreenshotReceipt}, {@code BrowserScreenshotView} (the wire shapes; nothing depends on this
 * package).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "sessions", "storage"})
@NullMarked
package dev.poco.server.screenshots;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
