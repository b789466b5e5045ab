package dev.poco.server.system;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL location parsed from the forms people paste: poco's
 * {@code postgresql://user:pass@host:port/db?sslmode=require}, SQLAlchemy's
 * {@code postgresql+psycopg2://…}, {@code postgres://…}, or a plain {@code jdbc:postgresql://…}.
 */
public record DatabaseUrl(String jdbcUrl, @Nullable String user, @Nullable String password) {

    public static DatabaseUrl parse(String raw) {
        String value = raw.strip();
        if (value.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(value, null, null);
        }
        int scheme = value.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must look like postgresql://user:password@host:5432/dbname");
        }
        String prefix = value.substring(0, scheme).toLowerCase();
        if (!prefix.equals("postgresql") && !prefix.equals("postgres") && !prefix.startsWith("postgresql+")) {
            throw new IllegalArgumentException("DATABASE_URL must be a PostgreSQL URL (postgresql://…), got "
                    + prefix + "://…");
        }
        URI uri;
        try {
            uri = new URI("postgresql" + value.substring(scheme));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host: postgresql://user:password@HOST:5432/dbname");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db
                + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        return new DatabaseUrl(jdbc, user, password);
    }

    /**
     * This URL with the user and password read from files when they are named ({@code DATABASE_USER_FILE},
     * {@code DATABASE_PASSWORD_FILE}: Docker and Kubernetes secrets mounted as files), so the password need not sit
     * in the URL or the environment. A file's content is used without its trailing newline.
     *
     * @throws IllegalArgumentException naming the variable when a named file cannot be read or is empty
     */
    public DatabaseUrl withCredentialsFrom(@Nullable String userFile, @Nullable String passwordFile) {
        String u = userFile == null || userFile.isBlank() ? user : readSecret("DATABASE_USER_FILE", userFile);
        String p = passwordFile == null || passwordFile.isBlank() ? password
                : readSecret("DATABASE_PASSWORD_FILE", passwordFile);
        return new DatabaseUrl(jdbcUrl, u, p);
    }

    private static String readSecret(String variable, String file) {
        String value;
        try {
            value = java.nio.file.Files.readString(java.nio.file.Path.of(file.strip()), StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException(variable + " names " + file.strip() + ", which cannot be read: "
                    + e.getMessage(), e);
        }
        value = value.replaceAll("[\\r\\n]+$", "");
        if (value.isEmpty()) {
            throw new IllegalArgumentException(variable + " names " + file.strip() + ", which is empty");
        }
        return value;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without the password, for logs. */
    public String describe() {
        return jdbcUrl + (user != null ? " as " + user : "");
    }
}
