package dev.poco.server.attachments;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;

/**
 * How an upload is handed to a browser, by this server or through a presigned URL. Uploads are the user's bytes:
 * only types a browser shows without running anything (images, plain text, PDF, audio, video) may be inline;
 * everything else (HTML, SVG, XML, scripts, unknown types) is a download (and, from this server, under
 * {@code Content-Security-Policy: sandbox}); HTML is never served as HTML.
 *
 * @param type the content type to answer with
 * @param passive whether the type runs nothing in a browser
 * @param disposition the {@code Content-Disposition} value
 */
record ServedAs(MediaType type, boolean passive, String disposition) {

    /** Image types a browser only decodes; SVG is a document that can run script, so not here. */
    private static final Set<String> PASSIVE_IMAGES =
            Set.of("png", "jpeg", "gif", "webp", "avif", "bmp", "x-icon", "vnd.microsoft.icon");

    static ServedAs of(StoredAttachment a, boolean download) {
        MediaType type;
        try {
            type = a.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(a.contentType());
        } catch (RuntimeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        boolean passive = isPassive(type);
        if (type.getType().equals("text") && type.getSubtype().equals("html")) {
            type = MediaType.TEXT_PLAIN; // never render user HTML
        }
        String disposition = ContentDisposition.builder(download || !passive ? "attachment" : "inline")
                .filename(a.name(), StandardCharsets.UTF_8).build().toString();
        return new ServedAs(type, passive, disposition);
    }

    static boolean isPassive(MediaType type) {
        String main = type.getType().toLowerCase(Locale.ROOT);
        String sub = type.getSubtype().toLowerCase(Locale.ROOT);
        return switch (main) {
            case "image" -> PASSIVE_IMAGES.contains(sub);
            case "audio", "video" -> true;
            case "text" -> sub.equals("plain") || sub.equals("csv") || sub.equals("markdown");
            case "application" -> sub.equals("pdf") || sub.equals("json");
            default -> false;
        };
    }
}
