package dev.poco.server.projects;

import dev.poco.server.common.BadRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;

/**
 * poco's repository URL rule (reference §3.15): http(s) on github.com or www.github.com with at
 * least owner and repository, normalised to {@code https://github.com/<owner>/<repo>}.
 */
final class RepoUrls {

    private RepoUrls() {}

    static String normalize(String raw) {
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new BadRequestException("Invalid GitHub repository URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadRequestException("Only http(s) GitHub URLs are supported");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals("github.com") && !host.equals("www.github.com")) {
            throw new BadRequestException("Only github.com URLs are supported");
        }
        String[] segments = Arrays.stream(uri.getPath() == null ? new String[0] : uri.getPath().split("/"))
                .filter(s -> !s.isBlank())
                .toArray(String[]::new);
        if (segments.length < 2) {
            throw new BadRequestException("Invalid GitHub repository URL");
        }
        String repo = segments[1].endsWith(".git") ? segments[1].substring(0, segments[1].length() - 4) : segments[1];
        if (repo.isBlank()) {
            throw new BadRequestException("Invalid GitHub repository URL");
        }
        return "https://github.com/" + segments[0] + "/" + repo;
    }
}
