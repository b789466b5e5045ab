package dev.poco.server.imports;

import dev.poco.server.common.ValidationException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads poco's resolve body {@code {<kind>_ids: int[] = []}}. */
public final class ResolveRequest {

    private ResolveRequest() {}

    public static List<Integer> ids(PackageKind kind, JsonNode body) {
        String field = kind.wire() + "_ids";
        if (body == null || !body.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        JsonNode ids = body.path(field);
        if (ids.isMissingNode() || ids.isNull()) {
            return List.of();
        }
        List<Integer> list = new ArrayList<>();
        if (ids.isArray()) {
            for (JsonNode id : ids) {
                if (!id.isInt()) {
                    throw ValidationException.of(field, "must be a list of integers");
                }
                list.add(id.asInt());
            }
            return list;
        }
        throw ValidationException.of(field, "must be a list of integers");
    }
}
