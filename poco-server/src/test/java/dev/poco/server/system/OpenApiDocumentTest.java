package dev.poco.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /openapi.json describes the wire as it is: snake_case names, no internal routes, no phantom parameters. */
class OpenApiDocumentTest extends ApiTest {

    @Test
    void theErrorRouteIsNotPartOfTheApi() {
        JsonNode paths = anonymous.get("/openapi.json").json().path("paths");
        assertThat(paths.propertyNames()).doesNotContain("/error");
    }

    @Test
    void noOperationTakesTheCallerAsAParameter() {
        JsonNode paths = anonymous.get("/openapi.json").json().path("paths");
        List<String> phantom = new ArrayList<>();
        for (var path : paths.properties()) {
            for (var operation : path.getValue().properties()) {
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    if (parameter.path("name").asString().equalsIgnoreCase("caller")) {
                        phantom.add(operation.getKey() + " " + path.getKey());
                    }
                }
            }
        }
        assertThat(phantom).isEmpty();
    }

    @Test
    void schemaPropertiesUseTheWiresSnakeCaseNames() {
        JsonNode doc = anonymous.get("/openapi.json").json();
        JsonNode schemas = doc.path("components").path("schemas");
        assertThat(schemas.path("TaskRequest").path("properties").propertyNames()).contains("schedule_mode")
                .doesNotContain("scheduleMode");
        List<String> camel = new ArrayList<>();
        for (var schema : schemas.properties()) {
            for (String property : schema.getValue().path("properties").propertyNames()) {
                if (!property.equals(property.toLowerCase())) {
                    camel.add(schema.getKey() + "." + property);
                }
            }
        }
        // camelCase on the wire too: FileNode.mimeType (poco's UI reads it so) and the manifest's mimeType (poco's
        // executor writes manifests so, and poco's backend reads them)
        assertThat(camel).isSubsetOf("FileNode.mimeType", "WorkspaceManifestFile.mimeType");
    }
}
