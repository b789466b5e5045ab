package dev.poco.testkit.anthropic;

/**
 * The token counts a scripted reply reports, in both {@code message_start} and
 * {@code message_delta} (streaming) or in the message's {@code usage} (non-streaming).
 *
 * @param inputTokens {@code input_tokens}
 * @param outputTokens {@code output_tokens}
 * @param cacheCreationInputTokens {@code cache_creation_input_tokens}
 * @param cacheReadInputTokens {@code cache_read_input_tokens}
 */
public record Usage(int inputTokens, int outputTokens, int cacheCreationInputTokens, int cacheReadInputTokens) {

    /** What every reply reports unless told otherwise: fixed, non-zero and easy to recognise. */
    public static final Usage DEFAULT = new Usage(100, 20, 10, 50);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheCreationInputTokens < 0 || cacheReadInputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + inputTokens + ", "
                    + outputTokens + ", " + cacheCreationInputTokens + ", " + cacheReadInputTokens);
        }
    }

    /** Input and output tokens as given, no cache tokens. */
    public static Usage of(int inputTokens, int outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0);
    }
}
