package dev.poco.server.system;

import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Registers every {@code @ConfigurationProperties} record of the server and enables scheduling. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan("dev.poco.server")
@EnableScheduling
class ServerConfiguration {

    /** Errors Tomcat answers itself, before any servlet runs, leave as the envelope too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> envelopeForTomcatErrors() {
        return factory -> factory.addContextCustomizers(context ->
                context.getParent().getPipeline().addValve(new EnvelopeErrorReportValve()));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
