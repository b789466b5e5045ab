package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Whether the run's agent gets poco's memory tools (the built-in {@code __poco_memory} MCP server, served by the
 * runner over the server's internal memory routes for the session's owner). The server sets it from the owner's
 * memory switch when the run is claimed; a spec without it (an older server, or poco's claim) has none.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Memory(@JsonSetter(nulls = Nulls.AS_EMPTY) boolean enabled) {

    public static final Memory DISABLED = new Memory(false);
    public static final Memory ENABLED = new Memory(true);
}
