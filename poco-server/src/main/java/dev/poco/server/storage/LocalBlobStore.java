package dev.poco.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Blobs as files under one directory ({@code $POCO_HOME/data/blobs} by default): key {@code a/b/c} is the file
 * {@code <root>/a/b/c}. Only this process writes there, and every key passes {@link BlobKeys#validate}, so a key
 * can never name a path outside the root. A put writes a temporary file beside the target and renames it over, so a
 * reader sees all of the old bytes or all of the new. Keeps no content type; cannot presign (the server streams).
 */
public final class LocalBlobStore implements BlobStore {

    private static final String TEMP_SUFFIX = ".poco-tmp";

    private final Path root;

    public LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, InputStream content, long size, @Nullable String contentType) {
        Path target = path(key);
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), ".put-", TEMP_SUFFIX);
            long written;
            try (OutputStream out = Files.newOutputStream(temp)) {
                written = content.transferTo(out);
            }
            if (written != size) {
                throw new BlobStoreException("Upload of " + key + " carried " + written + " bytes, " + size
                        + " were announced", new IOException("size mismatch"));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new BlobStoreException("Could not store " + key + " in " + describe() + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file under the blob root; the failure was reported
                }
            }
        }
    }

    @Override
    public Optional<InputStream> get(String key) {
        Path file = path(key);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlobStoreException("Could not read " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        try {
            BasicFileAttributes a = Files.readAttributes(path(key), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? Optional.of(info(key, a)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlobStoreException("Could not look at " + key + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = path(key);
        try {
            Files.deleteIfExists(file);
            // drop the directories the key leaves empty, up to the root
            for (Path dir = file.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        break;
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            throw new BlobStoreException("Could not delete " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) {
        // the directory that holds every key with this prefix: the prefix up to its last '/'
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : path(prefix.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<BlobInfo> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String key = keyOf(p);
                if (!key.startsWith(prefix) || p.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    found.add(info(key, a));
                }
            }
        } catch (NoSuchFileException e) {
            // removed while listing: what was found stands
        } catch (IOException e) {
            throw new BlobStoreException("Could not list " + prefix + " in " + describe() + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(BlobInfo::key));
        return found;
    }

    @Override
    public Optional<URI> presignGet(String key, @Nullable String contentType, @Nullable String contentDisposition) {
        BlobKeys.validate(key);
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "local " + root;
    }

    private Path path(String key) {
        Path path = root.resolve(BlobKeys.validate(key)).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("A storage key must stay below the store's root: " + key);
        }
        return path;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static BlobInfo info(String key, BasicFileAttributes a) {
        return new BlobInfo(key, a.size(), null, a.lastModifiedTime().toInstant());
    }
}
