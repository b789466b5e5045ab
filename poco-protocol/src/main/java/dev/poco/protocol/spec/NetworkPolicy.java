package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What the run's sandbox may reach over the network, told apart by {@code mode}. Today every run
 * is {@link None}; the egress gate (DESIGN.md §4) will read {@link Allowlist} and {@link Open}.
 * A mode this version does not know parses as {@link None}: the safe reading of a policy we
 * cannot enforce is no network.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "mode", defaultImpl = NetworkPolicy.None.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = NetworkPolicy.None.class, name = "none"),
        @JsonSubTypes.Type(value = NetworkPolicy.Allowlist.class, name = "allowlist"),
        @JsonSubTypes.Type(value = NetworkPolicy.Open.class, name = "open")})
public sealed interface NetworkPolicy {

    NetworkPolicy NONE = new None();

    /** No network namespace connection at all (today's sandbox). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record None() implements NetworkPolicy {}

    /** Only these host names (exact, or {@code *.example.com}), through the egress gate. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Allowlist(List<String> hosts) implements NetworkPolicy {

        @SuppressWarnings("ConstantConditions")
        public Allowlist {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
        }
    }

    /** Any public host, through the egress gate (private and metadata addresses stay refused). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Open() implements NetworkPolicy {}
}
