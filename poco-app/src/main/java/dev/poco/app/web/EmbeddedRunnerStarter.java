package dev.poco.app.web;

import dev.poco.runner.config.RunnerLauncher;
import dev.poco.server.auth.RunnerToken;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the embedded runner against this process's own HTTP port once it listens, with the
 * server's runner token: the embedded runner speaks to the server exactly as a remote one does.
 */
@Component
class EmbeddedRunnerStarter {

    private final ObjectProvider<RunnerLauncher> launcher;
    private final RunnerToken token;

    EmbeddedRunnerStarter(ObjectProvider<RunnerLauncher> launcher, RunnerToken token) {
        this.launcher = launcher;
        this.token = token;
    }

    @EventListener
    void onListening(WebServerInitializedEvent event) {
        launcher.ifAvailable(l -> l.start(URI.create("http://127.0.0.1:" + event.getWebServer().getPort()),
                token.value()));
    }
}
