package dev.poco.server.projects;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * Who a project is shared with: the owner first ({@code role} {@code owner}, no {@code added_at}), then each member.
 * {@code username} is null when the user has no account (trusted_header mode), {@code display_name} then the id.
 */
public record ProjectMemberView(String userId, @Nullable String username, String displayName, String role,
        @Nullable OffsetDateTime addedAt) {}
