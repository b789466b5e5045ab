package dev.poco.server.envvars;

import dev.poco.server.system.PocoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cipher of env var values, keyed from {@link SecretsProperties}. */
@Configuration(proxyBeanMethods = false)
class EnvVarConfiguration {

    @Bean
    SecretCipher secretCipher(SecretsProperties secrets, PocoProperties poco) {
        return new SecretCipher(SecretKeyFile.resolve(secrets.secretKey(), poco.secretsDir()),
                secrets.legacySecretKey());
    }
}
