/**
 * The models users may pick: {@code DEFAULT_MODEL} and the allowed others in {@code MODEL_LIST}.
 * Serves {@code GET /models} and validates {@code config.model} of new tasks.
 */
@NullMarked
package dev.poco.server.models;

import org.jspecify.annotations.NullMarked;
