package dev.poco.protocol;

/**
 * The {@code _type} tags of poco's serialized Claude Agent SDK messages and content blocks. The
 * server keys its logic off these names (substring match, as poco does); the runner writes them.
 */
public final class SdkTypes {
    public static final String TYPE_FIELD = "_type";

    public static final String USER_MESSAGE = "UserMessage";
    public static final String ASSISTANT_MESSAGE = "AssistantMessage";
    public static final String SYSTEM_MESSAGE = "SystemMessage";
    public static final String RESULT_MESSAGE = "ResultMessage";

    public static final String TEXT_BLOCK = "TextBlock";
    public static final String THINKING_BLOCK = "ThinkingBlock";
    public static final String TOOL_USE_BLOCK = "ToolUseBlock";
    public static final String TOOL_RESULT_BLOCK = "ToolResultBlock";

    private SdkTypes() {}
}
