package dev.poco.server.models;

import jakarta.validation.constraints.NotBlank;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code DEFAULT_MODEL} and {@code MODEL_LIST}. MODEL_LIST may be a JSON array, as poco requires
 * ({@code ["a","b"]}), or a comma-separated list; blank means no other model is allowed.
 */
@Validated
@ConfigurationProperties("poco.models")
public record ModelProperties(@NotBlank String defaultModel, @Nullable String modelList) {

    /** The allowed non-default models, in order, without duplicates or the default itself. */
    public List<String> allowedModels() {
        if (modelList == null || modelList.isBlank()) {
            return List.of();
        }
        String raw = modelList.strip();
        if (raw.startsWith("[") && raw.endsWith("]")) {
            raw = raw.substring(1, raw.length() - 1);
        }
        LinkedHashSet<String> models = new LinkedHashSet<>();
        Arrays.stream(raw.split(","))
                .map(s -> s.strip().replaceAll("^\"|\"$", "").strip())
                .filter(s -> !s.isEmpty())
                .forEach(models::add);
        return List.copyOf(models);
    }
}
