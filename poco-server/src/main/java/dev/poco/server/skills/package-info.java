/**
 * Skills: poco's {@code /skills} (catalog and imports), {@code /skill-installs}, and for runners
 * {@code POST /internal/skill-config/resolve} and {@code GET /internal/skills/{id}/package} (the skill's files as a
 * zip, paths relative to the skill's folder). Routes only; the engine, shared with plugins, is {@code imports}.
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "imports"})
@NullMarked
package dev.poco.server.skills;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
