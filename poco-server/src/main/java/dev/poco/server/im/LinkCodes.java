package dev.poco.server.im;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * One-time codes that link a chat to a Poco user: 8 characters from an alphabet without look-alikes (about 40 bits),
 * valid {@code POCO_IM_LINK_CODE_TTL_MINUTES}, usable once. Only a SHA-256 of each code is stored.
 */
@Component
class LinkCodes {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int LENGTH = 8;

    private final SecureRandom random = new SecureRandom();
    private final ChatRepository chats;
    private final ImProperties properties;

    LinkCodes(ChatRepository chats, ImProperties properties) {
        this.chats = chats;
        this.properties = properties;
    }

    /** What a redeemed code was made for: the user, and the project new tasks of the chat go to (or none). */
    record Redeemed(String userId, @Nullable UUID projectId) {}

    /** A new code for {@code userId} (and a project of theirs, checked by the caller); must run in a transaction. */
    LinkCodeView create(String userId, @Nullable UUID projectId) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(properties.linkCodeTtlMinutes());
        chats.insertLinkCode(hash(code.toString()), userId, expiresAt, projectId);
        return new LinkCodeView(code.toString(), expiresAt, projectId);
    }

    /** The user a code was made for, using it up; empty when unknown, used or expired. */
    Optional<Redeemed> redeem(String typed) {
        String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (code.length() != LENGTH) {
            return Optional.empty();
        }
        return chats.redeemLinkCode(hash(code));
    }

    private static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
