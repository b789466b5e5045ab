package dev.poco.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code bundle}: what the browser downloads for the first page, gzip-compressed as the server sends it (issue 16:
 * budget 300 KB), and what waits in lazily loaded chunks. The first page is every script, stylesheet and module
 * preload {@code index.html} names; every other file under {@code assets/} loads only when a page asks for it.
 * Reads the built web UI ({@code web/dist}, made by {@code ./poco start}, {@code ./poco build} or the Maven build).
 */
final class BundleBench {

    /** The first page's budget, gzip bytes. */
    static final long BUDGET = 300 * 1024;
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"/?(assets/[^\"]+\\.(?:js|css))\"");

    /** Sizes of the first page and of the rest, gzip and raw. */
    record Sizes(long firstGzip, long firstRaw, int firstFiles, long lazyGzip, long lazyRaw, int lazyFiles) {}

    void run(PrintStream out, Figures figures) throws IOException {
        Path dist = locate();
        Sizes sizes = measure(dist);
        figures.heading("web UI bundle (" + dist + ", gzip level 6 as the server's resolver stores it)");
        figures.value("first page JS+CSS (gzip)", kb(sizes.firstGzip()), Integer.toString(sizes.firstFiles()),
                "index.html's scripts, styles and module preloads; budget " + kb(BUDGET) + ": "
                        + Bench.verdict(sizes.firstGzip() <= BUDGET) + " (raw " + kb(sizes.firstRaw()) + ")");
        figures.value("lazy chunks (gzip)", kb(sizes.lazyGzip()), Integer.toString(sizes.lazyFiles()),
                "loaded when a page needs them (raw " + kb(sizes.lazyRaw()) + ")");
        out.flush();
    }

    static Path locate() {
        for (String candidate : List.of(System.getProperty("bench.webDist", ""), "web/dist", "../web/dist")) {
            if (!candidate.isEmpty() && Files.isRegularFile(Path.of(candidate, "index.html"))) {
                return Path.of(candidate).toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no built web UI (web/dist/index.html): run ./poco build first");
    }

    static Sizes measure(Path dist) throws IOException {
        String index = Files.readString(dist.resolve("index.html"), StandardCharsets.UTF_8);
        Set<String> first = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(index);
        while (m.find()) {
            first.add(m.group(1));
        }
        long firstGzip = 0;
        long firstRaw = 0;
        long lazyGzip = 0;
        long lazyRaw = 0;
        int lazyFiles = 0;
        Path assets = dist.resolve("assets");
        List<Path> files;
        try (Stream<Path> walk = Files.isDirectory(assets) ? Files.walk(assets) : Stream.empty()) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".css")).sorted().toList();
        }
        for (Path file : files) {
            String relative = dist.relativize(file).toString().replace('\\', '/');
            byte[] bytes = Files.readAllBytes(file);
            long gzip = gzipSize(bytes);
            if (first.contains(relative)) {
                firstGzip += gzip;
                firstRaw += bytes.length;
            } else {
                lazyGzip += gzip;
                lazyRaw += bytes.length;
                lazyFiles++;
            }
        }
        return new Sizes(firstGzip, firstRaw, first.size(), lazyGzip, lazyRaw, lazyFiles);
    }

    static long gzipSize(byte[] bytes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.size();
    }

    static String kb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
