package dev.poco.server.common;

/**
 * poco's error catalogue (reference/poco-backend-api.md §1.3): the {@code code} of the envelope
 * and its default message. The HTTP status is chosen at the web edge from {@link #kind()}.
 */
public enum ErrorCode {
    BAD_REQUEST(40000, "Bad request", Kind.INVALID),
    UNAUTHORIZED(40100, "Unauthorized", Kind.UNAUTHENTICATED),
    FORBIDDEN(40300, "Forbidden", Kind.FORBIDDEN),
    NOT_FOUND(40400, "Resource not found", Kind.NOT_FOUND),
    USER_NOT_FOUND(10001, "User not found", Kind.NOT_FOUND),
    USER_ALREADY_EXISTS(10002, "User already exists", Kind.CONFLICT),
    INVALID_CREDENTIALS(10003, "Invalid credentials", Kind.UNAUTHENTICATED),
    BALANCE_INSUFFICIENT(10101, "Insufficient balance", Kind.FORBIDDEN),
    OPERATION_NOT_ALLOWED(10102, "Operation not allowed", Kind.FORBIDDEN),
    ENV_VAR_NOT_FOUND(11001, "Environment variable not found", Kind.NOT_FOUND),
    ENV_VAR_ALREADY_EXISTS(11002, "Environment variable already exists", Kind.CONFLICT),
    MCP_SERVER_NOT_FOUND(12001, "MCP server not found", Kind.NOT_FOUND),
    MCP_SERVER_ALREADY_EXISTS(12002, "MCP server already exists", Kind.CONFLICT),
    MCP_SERVER_INVALID_CONFIG(12003, "Invalid MCP server config", Kind.INVALID),
    SKILL_NOT_FOUND(13001, "Skill not found", Kind.NOT_FOUND),
    SKILL_ALREADY_EXISTS(13002, "Skill already exists", Kind.CONFLICT),
    SKILL_MODIFY_FORBIDDEN(13003, "Skill modification forbidden", Kind.FORBIDDEN),
    PROJECT_NOT_FOUND(14001, "Project not found", Kind.NOT_FOUND),
    SLASH_COMMAND_NOT_FOUND(15001, "Slash command not found", Kind.NOT_FOUND),
    SLASH_COMMAND_ALREADY_EXISTS(15002, "Slash command already exists", Kind.CONFLICT),
    SUBAGENT_NOT_FOUND(16001, "Subagent not found", Kind.NOT_FOUND),
    SUBAGENT_ALREADY_EXISTS(16002, "Subagent already exists", Kind.CONFLICT),
    PLUGIN_NOT_FOUND(17001, "Plugin not found", Kind.NOT_FOUND),
    PLUGIN_ALREADY_EXISTS(17002, "Plugin already exists", Kind.CONFLICT),
    PLUGIN_MODIFY_FORBIDDEN(17003, "Plugin modification forbidden", Kind.FORBIDDEN),
    // Poco's own (poco's reference revision has no permission rules)
    PERMISSION_RULE_NOT_FOUND(18001, "Permission rule not found", Kind.NOT_FOUND),
    PERMISSION_RULE_ALREADY_EXISTS(18002, "Permission rule already exists", Kind.CONFLICT),
    // Not in poco's catalogue: poco raises FastAPI's HTTPException(404) here, whose envelope code is the HTTP status
    BROWSER_SCREENSHOT_NOT_READY(404, "Browser screenshot not ready", Kind.NOT_FOUND),
    INTERNAL_ERROR(50000, "Internal server error", Kind.INTERNAL),
    DATABASE_ERROR(50101, "Database operation failed", Kind.INTERNAL),
    EXTERNAL_SERVICE_ERROR(50201, "External service error", Kind.UNAVAILABLE);

    /** What went wrong, independent of transport; the web edge maps it to an HTTP status. */
    public enum Kind { INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_LARGE, INTERNAL, UNAVAILABLE }

    private final int code;
    private final String defaultMessage;
    private final Kind kind;

    ErrorCode(int code, String defaultMessage, Kind kind) {
        this.code = code;
        this.defaultMessage = defaultMessage;
        this.kind = kind;
    }

    public int code() {
        return code;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    public Kind kind() {
        return kind;
    }
}
