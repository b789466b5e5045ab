package dev.poco.server.memories;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Memory limits and ranking ({@code poco.memory.*}).
 *
 * @param embeddings whether the in-process embedding model is used ({@code POCO_MEMORY_EMBEDDINGS}); off, search is
 *     full text only and the model is never loaded
 * @param maxQueryChars longest search query ({@code POCO_MEMORY_MAX_QUERY_CHARS})
 * @param maxMemoryChars longest memory text ({@code POCO_MEMORY_MAX_MEMORY_CHARS})
 * @param maxConversationChars most characters of messages one create job may carry
 *     ({@code POCO_MEMORY_MAX_CONVERSATION_CHARS})
 * @param minSimilarity a memory without a word of the query is found only from this cosine similarity on
 *     ({@code POCO_MEMORY_MIN_SIMILARITY})
 * @param duplicateSimilarity a new fact this similar to an existing memory is skipped as a duplicate
 *     ({@code POCO_MEMORY_DUPLICATE_SIMILARITY})
 * @param extractionMaxTokens the answer budget of one extraction request to the model
 */
@Validated
@ConfigurationProperties("poco.memory")
public record MemoryProperties(
        @DefaultValue("true") boolean embeddings,
        @DefaultValue("1000") @Min(1) int maxQueryChars,
        @DefaultValue("10000") @Min(1) int maxMemoryChars,
        @DefaultValue("100000") @Min(1) int maxConversationChars,
        @DefaultValue("0.3") @DecimalMin("0") @DecimalMax("1") double minSimilarity,
        @DefaultValue("0.95") @DecimalMin("0") @DecimalMax("1") double duplicateSimilarity,
        @DefaultValue("2048") @Min(64) int extractionMaxTokens) {}
