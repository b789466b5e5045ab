package dev.poco.server.im.telegram;

import dev.poco.server.auth.HostProperties;
import dev.poco.server.common.Json;
import dev.poco.server.im.ImCredentials;
import dev.poco.server.im.ImInbound;
import dev.poco.server.im.ProviderStatusRepository;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;

/** A second Telegram connector on the same database, as another server replica runs it. */
public final class TelegramReplica {

    private TelegramReplica() {}

    public static SmartLifecycle start(TelegramProperties properties, ImInbound inbound, ProviderStatusRepository status,
            Json json, HostProperties hosts, DataSource dataSource, ImCredentials credentials) {
        TelegramChannel channel = new TelegramChannel(properties, inbound, status, json, hosts, dataSource, credentials);
        channel.start();
        return channel;
    }
}
