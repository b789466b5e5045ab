package dev.poco.runner.export;

import java.time.Instant;
import java.util.List;

/**
 * One regular file of a workspace as the scan read it.
 *
 * @param components the names from the workspace root down to the file
 * @param size bytes read (from the opened descriptor)
 * @param sha256 lowercase hex of those bytes
 */
record ScannedFile(List<String> components, long size, String sha256, Instant lastModified) {

    /** {@code /a/b}: the manifest's form. */
    String path() {
        return "/" + String.join("/", components);
    }
}
