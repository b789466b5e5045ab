package dev.poco.server.conversations;

import dev.poco.server.auth.Caller;
import dev.poco.server.runs.RunService;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Cancels every queued or running task of one user, as the user's own cancel would (runners told at once, pending
 * questions expired); for an admin disabling an account.
 */
@Component
public class UserRunCancellation {

    private final ConversationService conversations;
    private final RunService runs;

    UserRunCancellation(ConversationService conversations, RunService runs) {
        this.conversations = conversations;
        this.runs = runs;
    }

    /** Returns the number of sessions canceled. */
    public int cancelAll(String userId, String reason) {
        int canceled = 0;
        for (UUID sessionId : runs.sessionsWithUnfinishedRuns(userId)) {
            conversations.cancel(new Caller(userId), sessionId, reason);
            canceled++;
        }
        return canceled;
    }
}
