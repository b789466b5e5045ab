package dev.poco.server.models;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
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
    Envelope<ModelsView> models(Caller caller) { // the same for everyone, but only for users (issue 17)
        return Envelope.ok(new ModelsView(catalog.defaultModel(), catalog.modelList()));
    }

    /** poco's models answer. */
    record ModelsView(String defaultModel, List<String> modelList) {}
}
