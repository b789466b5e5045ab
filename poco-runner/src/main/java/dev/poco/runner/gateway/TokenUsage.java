package dev.poco.runner.gateway;

/**
 * Tokens the upstream reported, summed over the model requests of one gateway.
 *
 * @param inputTokens {@code usage.input_tokens}
 * @param outputTokens {@code usage.output_tokens}
 * @param cacheCreationInputTokens {@code usage.cache_creation_input_tokens}
 * @param cacheReadInputTokens {@code usage.cache_read_input_tokens}
 * @param requests {@code POST /v1/messages} requests the upstream answered (any status)
 */
public record TokenUsage(
        long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens, long requests) {

    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheCreationInputTokens + other.cacheCreationInputTokens,
                cacheReadInputTokens + other.cacheReadInputTokens, requests + other.requests);
    }
}
