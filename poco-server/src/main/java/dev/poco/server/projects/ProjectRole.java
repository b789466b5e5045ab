package dev.poco.server.projects;

import dev.poco.server.common.BadRequestException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a user may do in a project: its {@code owner} everything; an {@code editor} reads it and starts and continues
 * its tasks, but neither deletes it nor manages its members; a {@code viewer} only reads its sessions.
 */
public enum ProjectRole {
    OWNER,
    EDITOR,
    VIEWER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the role may start tasks and change sessions (not delete them). */
    public boolean canEdit() {
        return this != VIEWER;
    }

    static ProjectRole of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** A member's role as sent: {@code viewer} or {@code editor}; anything else is a 400. */
    static ProjectRole parseMember(@Nullable String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("viewer")) {
            return VIEWER;
        }
        if (v.equals("editor")) {
            return EDITOR;
        }
        throw new BadRequestException("role must be viewer or editor, got "
                + (value == null ? "nothing" : "\"" + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
                        + "\""));
    }

    /** The 403 message for a member whose role does not allow what was asked. */
    public String refusal(String what) {
        return switch (this) {
            case VIEWER -> "You have view access to this project: you cannot " + what;
            case EDITOR -> "You have edit access to this project: only its owner can " + what;
            case OWNER -> "Not allowed: " + what;
        };
    }
}
