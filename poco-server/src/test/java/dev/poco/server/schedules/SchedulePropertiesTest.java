package dev.poco.server.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class SchedulePropertiesTest {

    @Test
    void defaultsBindToADispatcherEveryTenSecondsFiftyTasksAPass() {
        ScheduleProperties p = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("poco.schedules", ScheduleProperties.class);
        assertThat(p.enabled()).isTrue();
        assertThat(p.intervalSeconds()).isEqualTo(10);
        assertThat(p.batchSize()).isEqualTo(50);
    }

    @Test
    void theEnvironmentVariablesTheReadmeNamesSetThem() {
        var env = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("POCO_SCHEDULES_ENABLED", "false", "POCO_SCHEDULES_INTERVAL_SECONDS", "30",
                        "POCO_SCHEDULES_BATCH_SIZE", "5"));
        ScheduleProperties p = new Binder(ConfigurationPropertySources.from(env))
                .bindOrCreate("poco.schedules", ScheduleProperties.class);
        assertThat(p.enabled()).isFalse();
        assertThat(p.intervalSeconds()).isEqualTo(30);
        assertThat(p.batchSize()).isEqualTo(5);
    }
}
