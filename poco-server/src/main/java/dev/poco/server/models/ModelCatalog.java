package dev.poco.server.models;

import java.util.List;
import org.springframework.stereotype.Service;

/** Which models exist for users: the default plus the allowed list. */
@Service
public class ModelCatalog {

    private final ModelProperties properties;
    private final List<String> allowed;

    ModelCatalog(ModelProperties properties) {
        this.properties = properties;
        this.allowed = properties.allowedModels();
    }

    public String defaultModel() {
        return properties.defaultModel();
    }

    /** The allowed models besides the default ({@code MODEL_LIST}). */
    public List<String> modelList() {
        return allowed;
    }

    public boolean isDefault(String model) {
        return properties.defaultModel().equals(model);
    }

    public boolean isAllowed(String model) {
        return isDefault(model) || allowed.contains(model);
    }
}
