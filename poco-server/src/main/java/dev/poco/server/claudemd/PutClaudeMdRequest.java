package dev.poco.server.claudemd;

import org.jspecify.annotations.Nullable;

/** {@code PUT /claude-md}: {@code enabled} defaults to true, {@code content} to empty. */
record PutClaudeMdRequest(@Nullable Boolean enabled, @Nullable String content) {}
