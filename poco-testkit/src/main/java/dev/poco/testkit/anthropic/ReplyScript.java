package dev.poco.testkit.anthropic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides the reply to each {@code POST /v1/messages}: the first matching rule, else the next
 * queued entry (consumed), else the default responder. Thread-safe; the lock is held only to pick
 * a responder, never while a matcher or responder runs, so both may be called concurrently from
 * several handler threads.
 */
final class ReplyScript {

    static final Reply DEFAULT_REPLY = Reply.text("OK");

    private record Rule(Predicate<RecordedRequest> matcher, Function<RecordedRequest, Reply> responder) {}

    private final Object lock = new Object();
    private final List<Rule> rules = new ArrayList<>();
    private final List<Rule> asides = new ArrayList<>();
    private final Deque<Function<RecordedRequest, Reply>> queue = new ArrayDeque<>();
    private Function<RecordedRequest, Reply> fallback = request -> DEFAULT_REPLY;

    void enqueue(Function<RecordedRequest, Reply> responder) {
        Objects.requireNonNull(responder, "responder");
        synchronized (lock) {
            queue.addLast(responder);
        }
    }

    void addRule(Predicate<RecordedRequest> matcher, Function<RecordedRequest, Reply> responder) {
        Rule rule = new Rule(Objects.requireNonNull(matcher, "matcher"), Objects.requireNonNull(responder, "responder"));
        synchronized (lock) {
            rules.add(rule);
        }
    }

    void addAside(Predicate<RecordedRequest> matcher, Function<RecordedRequest, Reply> responder) {
        Rule aside = new Rule(Objects.requireNonNull(matcher, "matcher"), Objects.requireNonNull(responder, "responder"));
        synchronized (lock) {
            asides.add(aside);
        }
    }

    /** Whether {@code request} is one of the aside requests (see {@link FakeAnthropicServer#aside}). */
    boolean isAside(RecordedRequest request) {
        List<Rule> current;
        synchronized (lock) {
            current = List.copyOf(asides);
        }
        return current.stream().anyMatch(aside -> aside.matcher().test(request));
    }

    void setFallback(Function<RecordedRequest, Reply> responder) {
        Objects.requireNonNull(responder, "responder");
        synchronized (lock) {
            fallback = responder;
        }
    }

    int pending() {
        synchronized (lock) {
            return queue.size();
        }
    }

    void reset() {
        synchronized (lock) {
            rules.clear();
            asides.clear();
            queue.clear();
            fallback = request -> DEFAULT_REPLY;
        }
    }

    /**
     * The reply for {@code request}. Matchers and the chosen responder run on the calling thread,
     * outside the lock.
     *
     * @throws NullPointerException if the responder returned {@code null}
     */
    Reply replyTo(RecordedRequest request) {
        List<Rule> currentRules;
        synchronized (lock) {
            currentRules = new ArrayList<>(rules); // rules first, then asides: a test's own rule wins
            currentRules.addAll(asides);
        }
        Function<RecordedRequest, Reply> responder = currentRules.stream()
                .filter(rule -> rule.matcher().test(request))
                .map(Rule::responder)
                .findFirst()
                .orElseGet(this::nextQueuedOrFallback);
        return Objects.requireNonNull(responder.apply(request), "the responder returned no reply");
    }

    private Function<RecordedRequest, Reply> nextQueuedOrFallback() {
        synchronized (lock) {
            return queue.isEmpty() ? fallback : queue.removeFirst();
        }
    }
}
