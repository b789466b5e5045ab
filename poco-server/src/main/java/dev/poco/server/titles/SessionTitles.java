package dev.poco.server.titles;

import dev.poco.server.llm.ServerModel;
import dev.poco.server.llm.ServerModelException;
import dev.poco.server.sessions.SessionService;
import jakarta.annotation.PreDestroy;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Titles of new sessions: the model's, asked once per new session after the task commits (reference §3.9). */
@Service
public class SessionTitles {

    /** poco's instruction (§3.9): a bare title in the user's language, ten words at most. */
    static final String SYSTEM_PROMPT = "You write titles for conversations. Summarise the user's request as a title of "
            + "at most 10 words, in the same language as the user. Answer with the title only, as plain text: no "
            + "punctuation, no symbols, no prefixes such as \"Title:\", no quotes and no extra lines.";
    static final int MAX_TOKENS = 32;
    static final double TEMPERATURE = 0.2;

    private static final Logger log = LoggerFactory.getLogger(SessionTitles.class);

    private final ServerModel model;
    private final SessionService sessions;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    SessionTitles(ServerModel model, SessionService sessions) {
        this.model = model;
        this.sessions = sessions;
    }

    /**
     * The title a new session is created with: none when the model will be asked (the session stays untitled until
     * it answers), else the prompt's first line.
     */
    public @Nullable String initial(String prompt) {
        return model.configured() ? null : TitleText.firstLine(prompt);
    }

    /** A title from the prompt's first line (scheduled sessions, and the fallback), "…" where cut at 80 characters. */
    public String firstLine(String prompt) {
        return TitleText.firstLine(prompt);
    }

    /**
     * Asks the model for the session's title once the caller's transaction commits (never when it rolls back), on a
     * thread of its own: the request answers at once and the run never waits. Does nothing without model credentials.
     */
    public void generateAfterCommit(UUID sessionId, String prompt) {
        if (!model.configured()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    executor.execute(() -> generate(sessionId, prompt));
                }
            });
        } else {
            executor.execute(() -> generate(sessionId, prompt));
        }
    }

    /** The model's title, else the prompt's first line, written only if the session is still untitled. */
    void generate(UUID sessionId, String prompt) {
        String title = "";
        try {
            title = TitleText.clean(model.complete(SYSTEM_PROMPT, prompt, MAX_TOKENS, TEMPERATURE));
        } catch (ServerModelException e) {
            log.warn("No title from the model for session {}: {}", sessionId, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("No title from the model for session {}", sessionId, e);
        }
        if (title.isEmpty()) {
            title = TitleText.firstLine(prompt);
        }
        try {
            sessions.titleIfUntitled(sessionId, title);
        } catch (RuntimeException e) {
            log.warn("Could not store the title of session {}", sessionId, e);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
