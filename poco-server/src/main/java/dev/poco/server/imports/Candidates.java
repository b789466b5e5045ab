package dev.poco.server.imports;

import dev.poco.server.common.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Finds the candidates of an archive as poco does (reference §3.13) and the files each one takes. */
final class Candidates {

    private Candidates() {}

    static List<Candidate> find(PackageKind kind, SafeArchive archive, ObjectMapper mapper) {
        Map<String, Candidate> found = new TreeMap<>();
        for (ArchiveFile file : archive.files()) {
            String fileName = file.fileName().toLowerCase(Locale.ROOT);
            if (kind == PackageKind.SKILL && fileName.equals("skill.md")) {
                String dir = file.parent();
                String path = dir.isEmpty() ? "." : dir;
                found.putIfAbsent(path, new Candidate(path, dir.isEmpty() ? null : validOrNull(baseName(dir)),
                        null, null, null, null));
            } else if (kind == PackageKind.PLUGIN && fileName.equals("plugin.json")
                    && baseName(file.parent()).equals(".claude-plugin")) {
                String root = parentOf(file.parent());
                String path = root.isEmpty() ? "." : root;
                found.putIfAbsent(path, plugin(path, file, archive, mapper));
            }
        }
        if (found.isEmpty()) {
            throw new BadRequestException(kind == PackageKind.SKILL ? "No SKILL.md found in the archive"
                    : "No plugin.json found in the archive");
        }
        return List.copyOf(found.values());
    }

    /** The files {@code chosen} takes: those in its folder but not in another candidate's folder inside it. */
    static List<ArchiveFile> filesOf(Candidate chosen, List<Candidate> all, List<ArchiveFile> files) {
        List<Candidate> nested = all.stream().filter(c -> !c.relativePath().equals(chosen.relativePath())
                && (chosen.relativePath().equals(".") || c.relativePath().startsWith(chosen.relativePath() + "/")))
                .toList();
        List<ArchiveFile> taken = new ArrayList<>();
        for (ArchiveFile file : files) {
            if (chosen.contains(file) && nested.stream().noneMatch(n -> n.contains(file))) {
                taken.add(file);
            }
        }
        return taken;
    }

    private static Candidate plugin(String path, ArchiveFile manifestFile, SafeArchive archive, ObjectMapper mapper) {
        JsonNode manifest;
        try {
            manifest = mapper.readTree(archive.readText(manifestFile));
        } catch (JacksonException e) {
            manifest = null;
        }
        if (manifest == null || !manifest.isObject()) {
            return new Candidate(path, null, null, null, null, manifestFile.path());
        }
        return new Candidate(path, validOrNull(text(manifest, "name")), text(manifest, "version"),
                text(manifest, "description"), manifest, manifestFile.path());
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isString()) {
            return null;
        }
        String trimmed = value.asString().strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    static @Nullable String validOrNull(@Nullable String name) {
        return name != null && CatalogService.NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..")
                ? name : null;
    }

    private static String baseName(String dir) {
        return dir.substring(dir.lastIndexOf('/') + 1);
    }

    private static String parentOf(String dir) {
        int slash = dir.lastIndexOf('/');
        return slash < 0 ? "" : dir.substring(0, slash);
    }
}
