package dev.poco.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = "dev.poco")
public class PocoApplication {
    public static void main(String[] args) {
        SpringApplication.run(PocoApplication.class, args);
    }
}
