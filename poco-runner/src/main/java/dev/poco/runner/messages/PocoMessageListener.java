package dev.poco.runner.messages;

import dev.poco.runner.claude.MessageListener;
import dev.poco.runner.claude.SessionMessage;
import java.util.function.Consumer;

/**
 * Puts the driver's messages into poco's terms: feeds each to an {@link AgentStateTracker} and hands on a
 * {@link PocoMessage} with poco's JSON and the state after it. Runs on the thread that delivers the messages, in
 * their order, as {@link MessageListener} promises.
 */
public final class PocoMessageListener implements MessageListener {

    private final AgentStateTracker tracker;
    private final Consumer<PocoMessage> sink;

    public PocoMessageListener(Consumer<PocoMessage> sink) {
        this(new AgentStateTracker(), sink);
    }

    public PocoMessageListener(AgentStateTracker tracker, Consumer<PocoMessage> sink) {
        this.tracker = tracker;
        this.sink = sink;
    }

    @Override
    public void onMessage(SessionMessage message) {
        tracker.accept(message.message());
        sink.accept(new PocoMessage(message.raw(), message.message(), SdkMessageMapper.toPoco(message.message()),
                tracker.state(), tracker.progress()));
    }
}
