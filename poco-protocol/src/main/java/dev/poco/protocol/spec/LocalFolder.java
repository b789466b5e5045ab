package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A host directory the user attached to the session (issue 13, part 5): the server checked that it lies below one of
 * its allowed roots ({@code POCO_LOCAL_FOLDERS}), and the runner checks it again against its own before anything is
 * bound. A read-only folder is bound as it is at {@code /mnt/<name>}; a read-write one must be a git repository and
 * the sandbox gets a git worktree of it on the session's own branch instead, never the checkout itself.
 *
 * @param path the folder's real path on the host (links resolved)
 * @param mode {@link Mode#RO} or {@link Mode#RW}
 * @param name the folder's name inside the sandbox ({@code /mnt/<name>}); unique within the run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LocalFolder(String path, Mode mode, String name) {

    /** Where attached folders appear inside the sandbox. */
    public static final String SANDBOX_ROOT = "/mnt";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public LocalFolder {
        if (!validName(name)) {
            throw new IllegalArgumentException("not a folder name: " + name);
        }
    }

    /** Whether {@code name} may name a folder in the sandbox: a plain file name, no dot first, at most 64 chars. */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    /** {@code /mnt/<name>}. */
    public String sandboxPath() {
        return SANDBOX_ROOT + "/" + name;
    }

    /** How the sandbox may use the folder. */
    public enum Mode {
        /** Bound read-only; the agent reads it and cannot change a byte of it. */
        RO,
        /** A git worktree of the repository on the session's branch, bound read-write. */
        RW;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code ro} or {@code rw}, any case and surrounding blanks; empty for anything else. */
        public static Optional<Mode> parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "ro" -> Optional.of(RO);
                case "rw" -> Optional.of(RW);
                default -> Optional.empty();
            };
        }

        @JsonCreator
        static Mode fromWire(String value) {
            return parse(value).orElseThrow(() -> new IllegalArgumentException("Unknown folder mode \"" + value
                    + "\": use ro or rw."));
        }
    }
}
