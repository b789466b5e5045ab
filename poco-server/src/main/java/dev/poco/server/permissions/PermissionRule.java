package dev.poco.server.permissions;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One saved rule, as the API shows it; {@code projectId} null means every session of the user.
 *
 * @param behavior {@code allow}, {@code ask} or {@code deny}
 * @param rule the rule text, normalized ({@code Bash(npm test)})
 */
record PermissionRule(long id, @JsonIgnore String userId, @Nullable UUID projectId, String behavior, String rule,
        OffsetDateTime createdAt) {}
