package dev.poco.runner.admission;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HostBudget} of this runner: counts live sessions and starting CLIs, and reads the host's
 * available memory and task count at each decision. Callers wait in one line, first come first served;
 * only the first in line may be admitted, so a run that needs a slot is never overtaken. The first in
 * line re-reads the host at least every second (memory and tasks free up without anyone telling it).
 */
public final class HostAdmission implements HostBudget {

    private static final Logger log = LoggerFactory.getLogger(HostAdmission.class);
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final AdmissionSettings settings;
    private final HostResources host;
    private final List<Reclaimer> reclaimers = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Object> line = new ArrayDeque<>();
    private int live;
    private int starting;

    public HostAdmission(AdmissionSettings settings, HostResources host) {
        this.settings = settings;
        this.host = host;
    }

    public AdmissionSettings settings() {
        return settings;
    }

    @Override
    public Optional<Admission> admit(String holder, Waiting waiting) throws InterruptedException {
        Object me = new Object();
        int told = -1;
        lock.lock();
        try {
            line.addLast(me);
        } finally {
            lock.unlock();
        }
        boolean admitted = false;
        try {
            while (true) {
                int ahead;
                @Nullable Limit limit;
                lock.lock();
                try {
                    ahead = position(me);
                    limit = blockedBy();
                    if (ahead == 0 && limit == null) {
                        admitted = true;
                        return Optional.of(take(holder, me));
                    }
                } finally {
                    lock.unlock();
                }
                // Told outside the lock: a caller's listener may do I/O (a callback to the server).
                if (ahead != told) {
                    if (told < 0) {
                        log.info("{} waits for a free slot: {} ahead, limited by {} ({})", holder, ahead,
                                limit == null ? Limit.STARTS : limit, usage());
                    }
                    told = ahead;
                    waiting.waiting(ahead, limit == null ? Limit.STARTS : limit);
                }
                if (waiting.abandoned()) {
                    return Optional.empty();
                }
                if (ahead == 0 && limit != null && limit != Limit.STARTS && reclaimOne()) {
                    continue;
                }
                lock.lock();
                try {
                    if (position(me) == ahead && !(ahead == 0 && blockedBy() == null)) {
                        changed.await(RECHECK.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            if (!admitted) {
                leave(me);
            }
        }
    }

    @Override
    public Optional<Admission> tryAdmit(String holder) {
        lock.lock();
        try {
            return line.isEmpty() && blockedBy() == null ? Optional.of(take(holder, null)) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void addReclaimer(Reclaimer reclaimer) {
        reclaimers.add(reclaimer);
    }

    @Override
    public Usage usage() {
        lock.lock();
        try {
            return new Usage(live, starting, line.size(), settings.maxSessions(), settings.maxStarts());
        } finally {
            lock.unlock();
        }
    }

    /** Callers before {@code me} in line. */
    private int position(Object me) {
        int ahead = 0;
        for (Object waiter : line) {
            if (waiter == me) {
                return ahead;
            }
            ahead++;
        }
        throw new IllegalStateException("not in line");
    }

    /** What holds back one more live session now, or null when it fits. Under the lock. */
    private @Nullable Limit blockedBy() {
        if (live >= settings.maxSessions()) {
            return Limit.SESSIONS;
        }
        if (host.availableMemoryMb() < settings.sessionMemoryMb()) {
            return Limit.MEMORY;
        }
        if (host.tasks() + settings.sessionTasks() > host.taskLimit()) {
            return Limit.PROCESSES;
        }
        if (starting >= settings.maxStarts()) {
            return Limit.STARTS;
        }
        return null;
    }

    /** Takes a live session and a start for {@code holder}, leaving the line if it was in it. Under the lock. */
    private Admission take(String holder, @Nullable Object inLine) {
        if (inLine != null) {
            line.remove(inLine);
        }
        live++;
        starting++;
        changed.signalAll();
        return new Ticket(holder);
    }

    private void leave(Object me) {
        lock.lock();
        try {
            line.remove(me);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Asks the reclaimers for one idle session; true if one was freed. */
    private boolean reclaimOne() {
        for (Reclaimer reclaimer : reclaimers) {
            try {
                if (reclaimer.reclaimOne()) {
                    return true;
                }
            } catch (RuntimeException e) {
                log.warn("Freeing an idle session for a waiting run failed", e);
            }
        }
        return false;
    }

    private final class Ticket implements Admission {

        private final String holder;
        private final AtomicBoolean startDone = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        Ticket(String holder) {
            this.holder = holder;
        }

        @Override
        public void started() {
            if (startDone.compareAndSet(false, true)) {
                release(1, 0);
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(startDone.compareAndSet(false, true) ? 1 : 0, 1);
            }
        }

        private void release(int starts, int sessions) {
            lock.lock();
            try {
                starting -= starts;
                live -= sessions;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "admission of " + holder;
        }
    }
}
