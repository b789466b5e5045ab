package dev.poco.server.system;

import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Registers every {@code @ConfigurationProperties} record of the server and enables scheduling. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan("dev.poco.server")
@EnableScheduling
class ServerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
