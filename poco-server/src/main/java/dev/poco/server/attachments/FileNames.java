package dev.poco.server.attachments;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** poco's upload filename rule: last path segment, mojibake repaired when possible, no control characters. */
final class FileNames {

    private static final String FALLBACK = "upload.bin";
    private static final int MAX_LENGTH = 255;

    private FileNames() {}

    static String normalize(@Nullable String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        String name = raw.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = repairLatin1(name);
        StringBuilder clean = new StringBuilder();
        name.codePoints().filter(c -> !(c <= 0x1f || (c >= 0x7f && c <= 0x9f))).forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        if (result.isEmpty() || result.equals(".") || result.equals("..")) {
            return FALLBACK;
        }
        return result.length() > MAX_LENGTH ? result.substring(0, MAX_LENGTH) : result;
    }

    /** A UTF-8 name that was decoded as Latin-1 on the way in ("æ–‡ä»¶") is decoded back. */
    private static String repairLatin1(String name) {
        if (name.chars().allMatch(c -> c < 0x80) || name.chars().anyMatch(c -> c > 0xff)) {
            return name;
        }
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        return decoded.contains("\uFFFD") ? name : decoded;
    }
}
