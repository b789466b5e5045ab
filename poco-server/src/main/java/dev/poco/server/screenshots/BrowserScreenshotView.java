package dev.poco.server.screenshots;

/**
 * poco's answer to {@code GET /sessions/{id}/computer/browser/{tool_use_id}}. poco's {@code url} is presigned S3; ours
 * is this server's {@code …/image} route (relative), which checks the owner on every fetch.
 */
public record BrowserScreenshotView(String toolUseId, String url) {}
