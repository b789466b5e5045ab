/**
 * Plugins: poco's {@code /plugins} (catalog and imports), {@code /plugin-installs}, and for runners
 * {@code POST /internal/plugin-config/resolve} and {@code GET /internal/plugins/{id}/package} (the plugin's files as
 * a zip, paths relative to the plugin's root, which holds {@code .claude-plugin/plugin.json}). Routes only; the
 * engine, shared with skills, is {@code imports}.
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "imports"})
@NullMarked
package dev.poco.server.plugins;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
