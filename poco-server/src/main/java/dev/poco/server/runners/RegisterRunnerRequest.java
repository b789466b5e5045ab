package dev.poco.server.runners;

import org.jspecify.annotations.Nullable;

/** {@code POST /runners/register}: how the runner is shown (1 to 100 characters) and its host name. */
record RegisterRunnerRequest(@Nullable String name, @Nullable String host) {}
