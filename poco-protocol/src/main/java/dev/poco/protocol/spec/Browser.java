package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Whether the run gets a browser (poco's {@code browser_enabled}); off by default. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Browser(@JsonSetter(nulls = Nulls.AS_EMPTY) boolean enabled) {

    public static final Browser DISABLED = new Browser(false);
}
