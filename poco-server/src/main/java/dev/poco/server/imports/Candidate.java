package dev.poco.server.imports;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A folder of an archive that can become one item: a {@code SKILL.md} folder, or the root of a plugin (the parent of
 * {@code .claude-plugin/plugin.json}).
 *
 * @param relativePath the folder, {@code .} for the archive's root
 * @param name the item name the archive suggests; null when it has none or an invalid one
 * @param manifest a plugin's parsed {@code plugin.json}; null for skills and for a manifest that does not parse
 * @param manifestPath where the plugin's manifest is in the archive; null for skills
 */
record Candidate(String relativePath, @Nullable String name, @Nullable String version, @Nullable String description,
        @Nullable JsonNode manifest, @Nullable String manifestPath) {

    boolean requiresName() {
        return name == null;
    }

    /** Whether {@code file} lies in this candidate's folder. */
    boolean contains(ArchiveFile file) {
        return relativePath.equals(".") || file.path().startsWith(relativePath + "/");
    }

    /** {@code file}'s path relative to this candidate's folder. */
    String relative(ArchiveFile file) {
        return relativePath.equals(".") ? file.path() : file.path().substring(relativePath.length() + 1);
    }
}
