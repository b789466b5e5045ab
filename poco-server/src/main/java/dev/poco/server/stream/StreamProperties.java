package dev.poco.server.stream;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param heartbeatSeconds idle time after which a {@code : ping} comment is sent
 * @param batchSize how many stored events one database read returns while catching up
 */
@Validated
@ConfigurationProperties("poco.stream")
public record StreamProperties(
        @DefaultValue("15") @Min(1) int heartbeatSeconds,
        @DefaultValue("500") @Min(1) int batchSize) {}
