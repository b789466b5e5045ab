package dev.poco.testkit.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A git smart-HTTP server on a real socket, as GitHub serves repositories: git's own {@code git http-backend} (CGI)
 * behind HTTP Basic authentication, which git clients send as {@code x-access-token:<token>}. Serves {@code
 * <root>/<owner>/<repo>} bare repositories. Requests without the token get 401, with a wrong one 403 (as GitHub).
 */
public final class GitHttpServer implements AutoCloseable {

    private static final Path BACKEND = Path.of("/usr/lib/git-core/git-http-backend");

    private final HttpServer http;
    private final Path root;
    private final String token;
    /** The Authorization header of every request, in order ("" when absent). */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();

    public GitHttpServer(Path root, String token) throws IOException {
        if (!Files.isExecutable(BACKEND)) {
            throw new IllegalStateException(BACKEND + " is missing: apt-get install git");
        }
        this.root = root;
        this.token = token;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
    }

    /** Creates a bare repository {@code owner/repo} with one commit on {@code branch} holding {@code files}. */
    public void repository(String owner, String repo, String branch, Map<String, String> files) throws Exception {
        Path work = Files.createTempDirectory("git-src");
        for (var file : files.entrySet()) {
            Files.createDirectories(work.resolve(file.getKey()).getParent());
            Files.writeString(work.resolve(file.getKey()), file.getValue());
        }
        Path bare = root.resolve(owner).resolve(repo);
        Files.createDirectories(bare.getParent());
        git(work, "init", "-q", "-b", branch);
        git(work, "add", "-A");
        git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "initial");
        git(work, "clone", "-q", "--bare", work.toString(), bare.toString());
    }

    /** The bare repository {@code owner/repo} (to read what was pushed to it). */
    public Path bare(String owner, String repo) {
        return root.resolve(owner).resolve(repo);
    }

    /** Runs {@code git -C dir args} and returns its output; throws unless it exits 0. */
    public static String git(Path dir, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
        }
        return out;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            String expected = "Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + token)
                    .getBytes(StandardCharsets.UTF_8));
            if (auth == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"GitHub\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!auth.equals(expected)) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            URI uri = exchange.getRequestURI();
            ProcessBuilder cgi = new ProcessBuilder(BACKEND.toString());
            Map<String, String> env = cgi.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("PATH_INFO", uri.getPath());
            env.put("QUERY_STRING", uri.getRawQuery() == null ? "" : uri.getRawQuery());
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("REMOTE_USER", "x-access-token");
            env.put("REMOTE_ADDR", "127.0.0.1");
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            env.put("CONTENT_TYPE", type == null ? "" : type);
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null) {
                env.put("HTTP_CONTENT_ENCODING", encoding);
            }
            String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
            if (protocol != null) {
                env.put("GIT_PROTOCOL", protocol);
            }
            Process process = cgi.start();
            Thread feeder = Thread.ofVirtual().start(() -> {
                try (OutputStream in = process.getOutputStream(); InputStream body = exchange.getRequestBody()) {
                    body.transferTo(in);
                } catch (IOException ignored) {
                    // the backend stopped reading
                }
            });
            InputStream out = process.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int status = 200;
            while (true) { // CGI headers up to an empty line
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = out.read()) >= 0 && b != '\n') {
                    if (b != '\r') {
                        line.write(b);
                    }
                }
                String header = line.toString(StandardCharsets.ISO_8859_1);
                if (header.isEmpty() || b < 0) {
                    break;
                }
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).strip();
                String value = header.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
                head.write(0);
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream response = exchange.getResponseBody()) {
                out.transferTo(response);
            }
            feeder.join();
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
