package dev.poco.app.web;

import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says where Poco listens, in one line people can click. */
@Component
class ReadyBanner {

    private static final Logger log = LoggerFactory.getLogger("poco");

    private final String address;

    ReadyBanner(@Value("${server.address:127.0.0.1}") String address) {
        this.address = address;
    }

    @EventListener
    void onListening(WebServerInitializedEvent event) {
        String host = address;
        try {
            if (InetAddress.getByName(address).isAnyLocalAddress()) {
                host = InetAddress.getLocalHost().getHostName();
            }
        } catch (java.io.IOException ignored) {
            // keep the configured address
        }
        log.info("Poco is listening on http://{}:{}  (web UI /, API /api/v1, API docs /docs)", host,
                event.getWebServer().getPort());
    }
}
