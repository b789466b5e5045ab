package dev.poco.runner.live;

import dev.poco.protocol.GatewayUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A gateway kept across runs counts for all of them; a run's usage of record is what it counted since the run began.
 */
public final class UsageDelta {

    private UsageDelta() {}

    /** {@code now} minus {@code before}; {@code now} itself when there is no earlier count. */
    public static GatewayUsage since(@Nullable GatewayUsage before, GatewayUsage now) {
        if (before == null) {
            return now;
        }
        Map<String, GatewayUsage.Model> models = new LinkedHashMap<>();
        now.models().forEach((name, model) -> {
            GatewayUsage.Model earlier = before.models().get(name);
            GatewayUsage.Model delta = earlier == null ? model : new GatewayUsage.Model(
                    model.inputTokens() - earlier.inputTokens(), model.outputTokens() - earlier.outputTokens(),
                    model.cacheCreationInputTokens() - earlier.cacheCreationInputTokens(),
                    model.cacheReadInputTokens() - earlier.cacheReadInputTokens(),
                    model.requests() - earlier.requests());
            if (delta.requests() != 0 || delta.inputTokens() != 0 || delta.outputTokens() != 0) {
                models.put(name, delta);
            }
        });
        return new GatewayUsage(now.inputTokens() - before.inputTokens(), now.outputTokens() - before.outputTokens(),
                now.cacheCreationInputTokens() - before.cacheCreationInputTokens(),
                now.cacheReadInputTokens() - before.cacheReadInputTokens(), now.requests() - before.requests(),
                null, models);
    }
}
