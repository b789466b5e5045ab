package dev.poco.server.workspace;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Content types by file extension, for previews; unknown files are served as octet-stream. */
final class MimeTypes {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"), Map.entry("md", "text/markdown"),
            Map.entry("markdown", "text/markdown"), Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("ts", "text/x-typescript"),
            Map.entry("tsx", "text/x-typescript"), Map.entry("jsx", "text/javascript"), Map.entry("json", "application/json"),
            Map.entry("xml", "application/xml"), Map.entry("yaml", "text/yaml"), Map.entry("yml", "text/yaml"),
            Map.entry("toml", "text/plain"), Map.entry("ini", "text/plain"), Map.entry("py", "text/x-python"),
            Map.entry("java", "text/x-java"), Map.entry("kt", "text/plain"), Map.entry("go", "text/x-go"),
            Map.entry("rs", "text/x-rust"), Map.entry("c", "text/x-c"), Map.entry("h", "text/x-c"),
            Map.entry("cpp", "text/x-c++"), Map.entry("sh", "text/x-shellscript"), Map.entry("sql", "text/x-sql"),
            Map.entry("rb", "text/plain"), Map.entry("php", "text/plain"), Map.entry("swift", "text/plain"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("bmp", "image/bmp"), Map.entry("ico", "image/x-icon"), Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"), Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"));

    private MimeTypes() {}

    static @Nullable String of(String filename) {
        int dot = filename.lastIndexOf('.');
        if (dot < 0 || dot == filename.length() - 1) {
            return filename.equalsIgnoreCase("Makefile") || filename.equalsIgnoreCase("Dockerfile") ? "text/plain" : null;
        }
        return BY_EXTENSION.get(filename.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
