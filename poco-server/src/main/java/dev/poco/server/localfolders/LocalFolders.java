package dev.poco.server.localfolders;

import dev.poco.protocol.folders.LocalFolderException;
import dev.poco.protocol.folders.LocalFolderRoots;
import dev.poco.protocol.spec.LocalFolder;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ValidationException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The check of the folders a task attaches ({@code config.local_folders: [{"path", "mode": "ro"|"rw"}]}): each path's
 * real path must lie below an allowed root ({@link LocalFolderRoots}), the mode must be {@code ro} or {@code rw}, and
 * no folder may come twice. What is stored (in the session's config, and so in each run's snapshot) is the checked
 * form {@code {"path": <real path>, "mode", "name"}}, the name giving the folder's place {@code /mnt/<name>} in the
 * sandbox.
 */
@Component
public class LocalFolders {

    /** Most folders one session may attach. */
    public static final int MAX_FOLDERS = 10;

    private final LocalFolderRoots roots;

    public LocalFolders(LocalFolderProperties properties) {
        this.roots = LocalFolderRoots.parse(properties.roots());
    }

    public LocalFolderRoots roots() {
        return roots;
    }

    /**
     * @param sent the request's {@code local_folders}: a list of objects
     * @return the folders checked, as stored
     * @throws ValidationException when it is not a list of objects with a string path and mode
     * @throws BadRequestException naming the folder and what is wrong with it: the feature is off, the path is
     *     outside the allowed roots or a link leaving them, not a directory, the mode unknown, a folder twice
     */
    public ArrayNode normalise(JsonNode sent) {
        if (!sent.isArray()) {
            throw ValidationException.of("config.local_folders", "must be a list of {\"path\", \"mode\"} objects");
        }
        ArrayNode checked = JsonNodeFactory.instance.arrayNode();
        if (sent.isEmpty()) {
            return checked;
        }
        if (!roots.enabled()) {
            throw new BadRequestException(LocalFolderRoots.NOT_ENABLED);
        }
        if (sent.size() > MAX_FOLDERS) {
            throw new BadRequestException("A session may attach at most " + MAX_FOLDERS + " local folders; this task"
                    + " attaches " + sent.size() + ".");
        }
        Set<Path> seen = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            JsonNode item = sent.get(i);
            String field = "config.local_folders[" + i + "]";
            if (!item.isObject() || !item.path("path").isString() || !(item.path("mode").isString()
                    || item.path("mode").isMissingNode() || item.path("mode").isNull())) {
                throw ValidationException.of(field, "must be an object with a string path and mode (ro or rw)");
            }
            String path = item.path("path").asString();
            String modeText = item.path("mode").isString() ? item.path("mode").asString() : "ro";
            LocalFolder.Mode mode = LocalFolder.Mode.parse(modeText).orElseThrow(() -> new BadRequestException(
                    "Unknown mode \"" + modeText + "\" for the local folder " + path + ": use ro (read-only) or rw"
                            + " (read-write, a git worktree per session)."));
            Path real;
            try {
                real = roots.check(path);
            } catch (LocalFolderException e) {
                throw new BadRequestException(String.valueOf(e.getMessage()));
            }
            if (!seen.add(real)) {
                throw new BadRequestException("The local folder " + real + " is attached twice; attach it once, ro or"
                        + " rw.");
            }
            ObjectNode node = checked.addObject();
            node.put("path", real.toString());
            node.put("mode", mode.wire());
            node.put("name", LocalFolderRoots.nameFor(real, names));
        }
        return checked;
    }

    /** The folders of a stored config ({@code local_folders}), as the runner reads them. */
    static List<LocalFolder> stored(JsonNode config) {
        return dev.poco.protocol.spec.ConfigSnapshotReader.read(config, "", null, null).localFolders();
    }
}
