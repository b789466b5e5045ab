/**
 * Models: the models users may pick, {@code DEFAULT_MODEL} and the others in {@code MODEL_LIST}, and the model
 * endpoint's status.
 * <ul>
 * <li>routes: {@code GET /models} ({@code ModelController}), {@code GET /system/status} ({@code SystemStatusController});</li>
 * <li>API: {@code ModelCatalog} (validates {@code config.model} of new tasks), {@code ModelEndpointStatus},
 * {@code ModelProperties}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "system"})
@NullMarked
package dev.poco.server.models;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
