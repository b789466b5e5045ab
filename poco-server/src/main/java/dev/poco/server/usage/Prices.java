package dev.poco.server.usage;

import dev.poco.protocol.GatewayUsage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What tokens cost, by model family (USD per million tokens, Anthropic's list prices): writing the cache costs 1.25
 * times the input price, reading it a tenth. A model is priced by the first family its name contains; an unknown
 * model has no price (its run's cost stays unknown rather than wrong).
 */
final class Prices {

    record Price(double inputPerMillion, double outputPerMillion) {}

    /** Families in matching order: the more specific first. */
    static final Map<String, Price> DEFAULTS;

    static {
        Map<String, Price> defaults = new LinkedHashMap<>();
        defaults.put("opus-4-5", new Price(5, 25));
        defaults.put("opus", new Price(15, 75));
        defaults.put("sonnet", new Price(3, 15));
        defaults.put("haiku-3", new Price(0.8, 4));
        defaults.put("haiku", new Price(1, 5));
        DEFAULTS = java.util.Collections.unmodifiableMap(defaults);
    }

    private final Map<String, Price> table;

    private Prices(Map<String, Price> table) {
        this.table = table;
    }

    /** The defaults with {@code overrides} ({@code family=input:output,…}) first; a malformed entry is refused. */
    static Prices of(String overrides) {
        Map<String, Price> table = new LinkedHashMap<>();
        for (String entry : overrides.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] kv = entry.split("=", 2);
            String[] io = kv.length == 2 ? kv[1].split(":", 2) : new String[0];
            if (io.length != 2) {
                throw new IllegalArgumentException("POCO_USAGE_PRICES: '" + entry.strip()
                        + "' is not family=input:output (USD per million tokens)");
            }
            try {
                table.put(kv[0].strip().toLowerCase(Locale.ROOT),
                        new Price(Double.parseDouble(io[0].strip()), Double.parseDouble(io[1].strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("POCO_USAGE_PRICES: '" + entry.strip() + "' has a price that is not a number");
            }
        }
        DEFAULTS.forEach(table::putIfAbsent);
        return new Prices(table);
    }

    @Nullable Price priceOf(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        return table.entrySet().stream().filter(e -> name.contains(e.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse(null);
    }

    /** The cost of one model's counters, or null when the model has no price. */
    @Nullable Double cost(String model, GatewayUsage.Model tokens) {
        Price price = priceOf(model);
        if (price == null) {
            return null;
        }
        double input = price.inputPerMillion() / 1e6;
        return tokens.inputTokens() * input + tokens.cacheCreationInputTokens() * input * 1.25
                + tokens.cacheReadInputTokens() * input * 0.1 + tokens.outputTokens() * price.outputPerMillion() / 1e6;
    }

    /** The cost of a run's metered usage, or null when some model that used tokens has no price. */
    @Nullable Double cost(GatewayUsage usage) {
        double total = 0;
        for (var entry : usage.models().entrySet()) {
            GatewayUsage.Model m = entry.getValue();
            if (m.inputTokens() + m.outputTokens() + m.cacheCreationInputTokens() + m.cacheReadInputTokens() == 0) {
                continue;
            }
            Double cost = cost(entry.getKey(), m);
            if (cost == null) {
                return null;
            }
            total += cost;
        }
        return usage.models().isEmpty() ? null : total;
    }
}
