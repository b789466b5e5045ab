package dev.poco.app.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.resource.AbstractResourceResolver;
import org.springframework.web.servlet.resource.HttpResource;
import org.springframework.web.servlet.resource.ResourceResolverChain;

/**
 * Serves a gzip copy of the web UI's text assets (JS, CSS, HTML, SVG, JSON) to browsers that
 * accept it. Why not Tomcat's compression: it applies to every response, API answers included,
 * and gzip-encoded API answers break proxies that decode the body but pass Content-Encoding on.
 * Why not Spring's EncodedResourceResolver: it needs {@code .gz} files next to the assets, and the
 * UI build (web/) does not produce them. The assets in the jar never change while the process
 * runs, so each is compressed once and kept.
 */
final class GzipResourceResolver extends AbstractResourceResolver {

    private static final Set<String> COMPRESSIBLE = Set.of("js", "mjs", "css", "html", "svg", "json", "map",
            "txt", "webmanifest");
    private static final int MIN_SIZE = 512;

    private final Map<String, byte[]> compressed = new ConcurrentHashMap<>();

    @Override
    protected @Nullable Resource resolveResourceInternal(@Nullable HttpServletRequest request, String requestPath,
            List<? extends Resource> locations, ResourceResolverChain chain) {
        Resource resource = chain.resolveResource(request, requestPath, locations);
        if (resource == null || request == null || !acceptsGzip(request) || !compressible(resource.getFilename())) {
            return resource;
        }
        try {
            byte[] gzip = compressed.computeIfAbsent(resource.getURL().toString(), key -> gzip(resource));
            return gzip.length == 0 ? resource : new GzippedResource(resource, gzip);
        } catch (IOException e) {
            return resource;
        }
    }

    @Override
    protected @Nullable String resolveUrlPathInternal(String resourceUrlPath, List<? extends Resource> locations,
            ResourceResolverChain chain) {
        return chain.resolveUrlPath(resourceUrlPath, locations);
    }

    private static boolean acceptsGzip(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
    }

    private static boolean compressible(@Nullable String filename) {
        if (filename == null) {
            return false;
        }
        int dot = filename.lastIndexOf('.');
        return dot >= 0 && COMPRESSIBLE.contains(filename.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The gzip bytes, or none when the file is too small for compression to pay. */
    private static byte[] gzip(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            byte[] plain = in.readAllBytes();
            if (plain.length < MIN_SIZE) {
                return new byte[0];
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3);
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(plain);
            }
            return out.size() < plain.length ? out.toByteArray() : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("Could not compress " + resource, e);
        }
    }

    /** The gzip body; name and dates of the original, so content type and caching stay the same. */
    private static final class GzippedResource extends ByteArrayResource implements HttpResource {

        private final Resource original;

        GzippedResource(Resource original, byte[] gzip) {
            super(gzip, "gzip of " + original.getDescription());
            this.original = original;
        }

        @Override
        public @Nullable String getFilename() {
            return original.getFilename();
        }

        @Override
        public long lastModified() throws IOException {
            return original.lastModified();
        }

        @Override
        public HttpHeaders getResponseHeaders() {
            HttpHeaders headers = original instanceof HttpResource http ? http.getResponseHeaders() : new HttpHeaders();
            headers.add(HttpHeaders.CONTENT_ENCODING, "gzip");
            headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
            return headers;
        }
    }
}
