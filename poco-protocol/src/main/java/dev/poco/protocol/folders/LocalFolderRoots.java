package dev.poco.protocol.folders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host directories users may attach to a session ({@code POCO_LOCAL_FOLDERS}, comma-separated absolute paths;
 * empty turns the feature off). The server checks what users send against its roots; the runner checks every path
 * again against its own before binding anything, so neither trusts the other blindly.
 *
 * <p>A path is accepted when it names an existing directory whose real path (every link resolved) lies below a root
 * (or is one). The path as written must already lie below a root, so nothing outside the roots is ever probed: a user
 * learns nothing about the host beyond them. A path below a root whose real path leaves the roots is a link that
 * escapes, and is refused as such.
 */
public final class LocalFolderRoots {

    /** The setting's name, for messages. */
    public static final String VARIABLE = "POCO_LOCAL_FOLDERS";
    /** The answer when the feature is off. */
    public static final String NOT_ENABLED = "local folders are not enabled; set " + VARIABLE
            + " to the host directories users may attach";

    public static final LocalFolderRoots NONE = new LocalFolderRoots(List.of());

    private final List<Path> roots;

    private LocalFolderRoots(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * Reads the setting: each entry an absolute path of an existing directory, kept as its real path.
     *
     * @throws IllegalArgumentException naming {@value #VARIABLE} and the entry that is not usable
     */
    public static LocalFolderRoots parse(List<String> entries) {
        Set<Path> roots = new LinkedHashSet<>();
        for (String entry : entries) {
            String value = entry.strip();
            if (value.isEmpty()) {
                continue;
            }
            try {
                Path path = Path.of(value);
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException(VARIABLE + ": \"" + value + "\" is not an absolute path");
                }
                if (!Files.isDirectory(path)) {
                    throw new IllegalArgumentException(VARIABLE + ": " + value + " is not an existing directory");
                }
                roots.add(path.toRealPath());
            } catch (InvalidPathException | IOException e) {
                throw new IllegalArgumentException(VARIABLE + ": \"" + value + "\" cannot be used: " + e.getMessage(),
                        e);
            }
        }
        return new LocalFolderRoots(new ArrayList<>(roots));
    }

    /** {@link #parse(List)} of a comma-separated value. */
    public static LocalFolderRoots parse(String commaSeparated) {
        return parse(List.of(commaSeparated.split(",")));
    }

    public boolean enabled() {
        return !roots.isEmpty();
    }

    /** The roots, as real paths. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * The real path of a folder a user asked for.
     *
     * @throws LocalFolderException ({@link LocalFolderException.Kind#INVALID}) when the feature is off, or the path is
     *     not absolute, lies outside the roots, does not exist, is not a directory, or is a link leading out of them
     */
    public Path check(String requested) {
        if (!enabled()) {
            throw invalid(NOT_ENABLED);
        }
        String value = requested.strip();
        Path asWritten;
        try {
            asWritten = Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid("\"" + value + "\" is not a path");
        }
        if (value.isEmpty() || !asWritten.isAbsolute()) {
            throw invalid("\"" + value + "\" is not an absolute path: name a folder below " + describe());
        }
        Path lexical = asWritten.normalize();
        if (!underRoot(lexical) && !underRoot(realParentOrSelf(lexical))) {
            throw invalid(value + " is outside the allowed local folders (" + describe() + ")");
        }
        if (!Files.exists(lexical, LinkOption.NOFOLLOW_LINKS)) {
            throw invalid(value + " does not exist");
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (IOException e) {
            throw invalid(value + " is a link that leads nowhere, or cannot be read");
        }
        if (!underRoot(real)) {
            throw invalid(value + " is a link that leads outside the allowed local folders (" + describe() + ")");
        }
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw invalid(value + " is not a directory");
        }
        return real;
    }

    /**
     * A root written through a link ({@code /srv} when {@code /srv -> /data}) accepts paths written either way; this
     * resolves only what the roots themselves went through, never a component below a root.
     */
    private Path realParentOrSelf(Path lexical) {
        for (Path candidate = lexical; candidate != null; candidate = candidate.getParent()) {
            try {
                if (Files.exists(candidate)) {
                    Path real = candidate.toRealPath();
                    if (roots.contains(real)) {
                        return real.resolve(candidate.relativize(lexical));
                    }
                }
            } catch (IOException e) {
                return lexical;
            }
        }
        return lexical;
    }

    private boolean underRoot(Path path) {
        return roots.stream().anyMatch(path::startsWith);
    }

    private String describe() {
        return roots.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /**
     * The folder's name inside the sandbox ({@code /mnt/<name>}): its last path element made a plain file name, with
     * {@code -2}, {@code -3}… when {@code taken} has it already. {@code taken} receives the result.
     */
    public static String nameFor(Path folder, Set<String> taken) {
        Path last = folder.getFileName();
        String base = (last == null ? "folder" : last.toString()).replaceAll("[^A-Za-z0-9._-]", "-")
                .replaceAll("^[^A-Za-z0-9]+", "");
        if (base.length() > 48) {
            base = base.substring(0, 48);
        }
        if (base.isEmpty()) {
            base = "folder";
        }
        String name = base;
        for (int i = 2; taken.contains(name.toLowerCase(Locale.ROOT)); i++) {
            name = base + "-" + i;
        }
        taken.add(name.toLowerCase(Locale.ROOT));
        return name;
    }

    private static LocalFolderException invalid(String message) {
        return new LocalFolderException(LocalFolderException.Kind.INVALID, message);
    }

    @Override
    public String toString() {
        return roots.isEmpty() ? "none" : describe();
    }
}
