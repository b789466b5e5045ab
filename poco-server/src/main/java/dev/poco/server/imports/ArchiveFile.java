package dev.poco.server.imports;

/**
 * One file of a checked archive.
 *
 * @param path where it goes, relative, {@code /}-separated, without the archive's single top folder
 * @param entryName its name in the zip
 * @param size its uncompressed size, measured while checking
 */
record ArchiveFile(String path, String entryName, long size) {

    /** The folder holding the file ({@code ""} at the root). */
    String parent() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
