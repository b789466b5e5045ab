package dev.poco.server.conversations;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.messages.Message;
import dev.poco.server.messages.MessageService;
import dev.poco.server.runs.Run;
import dev.poco.server.runs.RunLifecycle;
import dev.poco.server.runs.RunService;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.sessions.SessionPatch;
import dev.poco.server.usage.UsageService;
import dev.poco.server.workspace.WorkspaceFiles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code POST /sessions/{id}/branch}: a new session holding the conversation up to a message (§3.4), with a copy of
 * the source's workspace and agent home, so the branch's next run starts from the files (and, for a branch of the
 * whole conversation, the CLI thread) the source had.
 */
@Service
class SessionBranchService {

    private final SessionService sessions;
    private final MessageService messages;
    private final RunService runs;
    private final UsageService usage;
    private final WorkspaceFiles workspaces;

    SessionBranchService(SessionService sessions, MessageService messages, RunService runs, UsageService usage,
            WorkspaceFiles workspaces) {
        this.sessions = sessions;
        this.messages = messages;
        this.runs = runs;
        this.usage = usage;
        this.workspaces = workspaces;
    }

    record Branched(UUID sessionId, UUID sourceSessionId, long cutoffMessageId) {}

    @Transactional
    Branched branch(Caller caller, UUID sessionId, long cutoffId) {
        Session source = sessions.require(caller, sessionId);
        Message cutoff = messages.find(cutoffId).orElseThrow(() -> new NotFoundException("Message not found"));
        if (!cutoff.sessionId().equals(sessionId)) {
            throw new BadRequestException("message_id does not belong to the session");
        }
        List<Run> sourceRuns = runs.allOfSession(sessionId);
        List<Message> copied;
        if (cutoff.role().equals("assistant")) {
            // keep the whole assistant turn: everything before the next prompt that has a run
            OptionalLong nextPrompt = sourceRuns.stream().mapToLong(Run::userMessageId)
                    .filter(id -> id > cutoffId).min();
            copied = nextPrompt.isPresent()
                    ? messages.upTo(sessionId, nextPrompt.getAsLong(), false)
                    : messages.upTo(sessionId, Long.MAX_VALUE, true);
        } else {
            copied = messages.upTo(sessionId, cutoffId, true);
        }
        if (copied.isEmpty()) {
            throw new BadRequestException("No messages available before the checkpoint");
        }

        Session branch = sessions.create(source.userId(), source.projectId(), source.configSnapshot(), source.kind(),
                source.title());
        SessionPatch copy = SessionPatch.NONE
                .workspaceArchiveUrl(source.workspaceArchiveUrl())
                .statePatch(source.statePatch())
                .workspaceFilesPrefix(source.workspaceFilesPrefix())
                .workspaceManifestKey(source.workspaceManifestKey())
                .workspaceArchiveKey(source.workspaceArchiveKey())
                .workspaceExportStatus(source.workspaceExportStatus())
                .status(RunLifecycle.branchStatus());
        // The branch gets the source's files and agent home (below). It resumes the source's CLI thread only when it
        // holds the whole conversation: resuming after a cut would bring back the turns the user cut away, so then
        // it starts a fresh thread, as poco's branches always do (sdk_session_id NULL).
        boolean wholeConversation = messages.after(sessionId, copied.getLast().id(), 1).isEmpty();
        if (wholeConversation && source.sdkSessionId() != null) {
            copy = copy.sdkSessionId(source.sdkSessionId());
        }
        sessions.update(branch.id(), copy);

        Map<Long, Long> messageMap = new HashMap<>();
        for (Message m : copied) {
            messageMap.put(m.id(), messages.append(branch.id(), null, m.role(), m.content()).id());
        }
        Map<UUID, UUID> runMap = new HashMap<>();
        for (Run run : sourceRuns) {
            Long newMessage = messageMap.get(run.userMessageId());
            if (newMessage != null && run.status().isTerminal()) {
                runMap.put(run.id(), runs.cloneInto(run, branch.id(), newMessage).id());
            }
        }
        usage.copyInto(sessionId, branch.id(), runMap);
        // last, so a failed copy (removed again) rolls the whole branch back
        workspaces.copySession(source.userId(), sessionId, branch.id());
        return new Branched(branch.id(), sessionId, cutoffId);
    }
}
