package dev.poco.server.models;

import dev.poco.protocol.Envelope;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ModelController {

    private final ModelCatalog catalog;

    ModelController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/models")
    Envelope<ModelsView> models() {
        return Envelope.ok(new ModelsView(catalog.defaultModel(), catalog.modelList()));
    }

    /** poco's models answer. */
    record ModelsView(String defaultModel, List<String> modelList) {}
}
