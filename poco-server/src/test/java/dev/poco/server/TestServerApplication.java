package dev.poco.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The server alone (no runner, no web assets), as the API tests boot it. */
@SpringBootApplication
public class TestServerApplication {}
