package dev.poco.server.imports;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What the runner-side routes of both kinds do ({@code /internal/<kind>-config/resolve},
 * {@code /internal/<kinds>/{id}/package}); the controllers in {@code skills} and {@code plugins} only map the paths.
 */
@Component
public class RunnerPackages {

    private final CatalogService catalog;

    RunnerPackages(CatalogService catalog) {
        this.catalog = catalog;
    }

    public Envelope<Map<String, Map<String, @Nullable Object>>> resolve(PackageKind kind, Caller caller,
            JsonNode body) {
        return Envelope.ok(catalog.resolve(kind, caller.userId(), ResolveRequest.ids(kind, body)));
    }

    /**
     * Writes the package as {@code application/zip}, synchronously: an async (StreamingResponseBody) dispatch would
     * run the security chain a second time without the identity. Errors are raised before the first byte.
     */
    public void download(PackageKind kind, Caller caller, int id, HttpServletResponse response) throws IOException {
        CatalogService.PackageContent content = catalog.packageContent(kind, caller, id);
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + content.name() + ".zip\"");
        catalog.writeZip(content, response.getOutputStream());
    }
}
