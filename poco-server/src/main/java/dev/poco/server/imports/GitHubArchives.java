package dev.poco.server.imports;

import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.PayloadTooLargeException;
import dev.poco.server.common.PocoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Downloads a repository archive for an import: {@code https://github.com/<owner>/<repo>[.git][/tree|blob/<ref>/…]}
 * or a {@code …/archive/<ref>.zip} link, fetched from GitHub's codeload service
 * ({@code <base>/<owner>/<repo>/zip/<ref>}; without a ref, {@code main} then {@code master}, as poco). The user gives
 * only names, never a host: the base URL is {@code POCO_IMPORT_GITHUB_ARCHIVE_URL}. The body streams to a file and is
 * cut at {@code POCO_IMPORT_MAX_MB}.
 */
@Component
class GitHubArchives {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** Where the archive came from, in poco's source meta shape. */
    record Source(String repo, String ref) {
        ObjectNode meta() {
            return JsonNodeFactory.instance.objectNode().put("kind", "github").put("repo", repo)
                    .put("url", "https://github.com/" + repo).put("ref", ref);
        }
    }

    private final ImportProperties properties;
    private final HttpClient http;

    GitHubArchives(ImportProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(Math.min(10, properties.githubTimeoutSeconds()))).build();
    }

    /** Downloads the archive {@code url} names into {@code target}. */
    Source download(String url, Path target, PackageKind kind) {
        Parsed parsed = parse(url);
        for (String ref : parsed.refs()) {
            URI archive = URI.create(properties.githubBase() + "/" + parsed.owner() + "/" + parsed.repo() + "/zip/"
                    + ref);
            if (fetch(archive, target, kind)) {
                return new Source(parsed.owner() + "/" + parsed.repo(), ref);
            }
        }
        throw new BadRequestException("GitHub has no archive of " + parsed.owner() + "/" + parsed.repo() + " at "
                + String.join(" or ", parsed.refs()) + "; is the repository public and the branch right?",
                Map.of("github_url", url));
    }

    private record Parsed(String owner, String repo, List<String> refs) {}

    static Parsed parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Invalid GitHub repository URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new BadRequestException("Only http(s) GitHub URLs are supported");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals("github.com") && !host.equals("www.github.com")) {
            throw new BadRequestException("Only github.com URLs are supported");
        }
        List<String> segments = new ArrayList<>(Arrays.stream(String.valueOf(uri.getPath()).split("/"))
                .filter(s -> !s.isEmpty()).toList());
        if (segments.size() < 2) {
            throw new BadRequestException("Invalid GitHub repository URL: name the owner and the repository");
        }
        String owner = segments.get(0);
        String repo = segments.get(1).endsWith(".git") ? segments.get(1).substring(0, segments.get(1).length() - 4)
                : segments.get(1);
        List<String> rest = segments.subList(2, segments.size());
        List<String> refs;
        if (rest.size() >= 2 && rest.get(0).equals("archive") && rest.getLast().endsWith(".zip")) {
            String ref = String.join("/", rest.subList(1, rest.size()));
            refs = List.of(ref.substring(0, ref.length() - 4));
        } else if (rest.size() >= 2 && (rest.get(0).equals("tree") || rest.get(0).equals("blob"))) {
            refs = List.of(rest.get(1));
        } else {
            refs = List.of("main", "master");
        }
        for (String name : List.of(owner, repo)) {
            requireName(name, url);
        }
        refs.forEach(ref -> Arrays.stream(ref.split("/")).forEach(s -> requireName(s, url)));
        return new Parsed(owner, repo, refs);
    }

    private static void requireName(String segment, String url) {
        if (!NAME.matcher(segment).matches() || segment.equals("..") || segment.equals(".")) {
            throw new BadRequestException("Invalid GitHub repository URL: " + url);
        }
    }

    /** True when the archive was saved, false when GitHub has none there (404). */
    private boolean fetch(URI archive, Path target, PackageKind kind) {
        HttpRequest request = HttpRequest.newBuilder(archive)
                .timeout(Duration.ofSeconds(properties.githubTimeoutSeconds()))
                .header("User-Agent", "poco-" + kind.wire() + "-import/1.0").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(archive, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(archive, "interrupted");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return false;
            }
            if (response.statusCode() != 200) {
                throw unreachable(archive, "HTTP " + response.statusCode());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > properties.maxBytes()) {
                throw tooLarge(declared);
            }
            copyCapped(body, target);
            return true;
        } catch (IOException e) {
            throw unreachable(archive, e.toString());
        }
    }

    private void copyCapped(InputStream body, Path target) throws IOException {
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                written += n;
                if (written > properties.maxBytes()) {
                    throw tooLarge(written);
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private PayloadTooLargeException tooLarge(long actual) {
        return new PayloadTooLargeException("The archive is larger than " + properties.maxMb()
                + " MB (POCO_IMPORT_MAX_MB)", properties.maxBytes(), actual);
    }

    private static PocoException unreachable(URI archive, @Nullable String why) {
        return new PocoException(ErrorCode.EXTERNAL_SERVICE_ERROR, "Could not download " + archive + ": " + why,
                null);
    }
}
