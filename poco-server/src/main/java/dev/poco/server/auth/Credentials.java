package dev.poco.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Poco's own credentials: a kind prefix ({@code poco_pat_}, {@code poco_reg_}, {@code poco_runner_}) and 40
 * random base62 characters (about 238 bits). Only their SHA-256 is stored, which is enough for values this
 * random; {@link #display} is what lists and logs may show.
 */
public final class Credentials {

    /** Random characters after the prefix. */
    public static final int RANDOM_LENGTH = 40;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int DISPLAY_RANDOM = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {}

    /** A new credential of the kind {@code prefix}. */
    public static String generate(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + RANDOM_LENGTH).append(prefix);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            sb.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return sb.toString();
    }

    /** Whether {@code value} has the shape of a credential of the kind {@code prefix}. */
    public static boolean wellFormed(String value, String prefix) {
        if (!value.startsWith(prefix) || value.length() != prefix.length() + RANDOM_LENGTH) {
            return false;
        }
        for (int i = prefix.length(); i < value.length(); i++) {
            if (BASE62.indexOf(value.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Hex SHA-256 of the credential, what is stored and looked up. */
    public static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The prefix and a few characters: enough to tell credentials apart in a list or a log, useless to an attacker. */
    public static String display(String value, String prefix) {
        int end = Math.min(value.length(), prefix.length() + DISPLAY_RANDOM);
        return value.startsWith(prefix) ? value.substring(0, end) : prefix + "?";
    }
}
