package dev.poco.runner.run;

import dev.poco.runner.workspace.StagedInput;
import java.util.List;

/**
 * What the runner adds to the user's prompt (poco's executor does the same): a note listing the
 * attached files. A prompt starting with {@code /} is a slash command and must reach the CLI
 * verbatim, so it is left alone.
 */
final class Prompts {

    private Prompts() {}

    static String decorate(String prompt, List<StagedInput> inputs) {
        return decorate(prompt, inputs, List.of());
    }

    /** With a note on the attached local folders too: where they are, and what the agent may do with them. */
    static String decorate(String prompt, List<StagedInput> inputs, List<AttachedFolder> folders) {
        if (prompt.startsWith("/") || (inputs.isEmpty() && folders.isEmpty())) {
            return prompt;
        }
        StringBuilder folderNote = new StringBuilder();
        if (!folders.isEmpty()) {
            folderNote.append("The user attached these folders of their machine:\n");
            for (AttachedFolder folder : folders) {
                folderNote.append("- ").append(folder.folder().sandboxPath());
                if (folder.worktree() == null) {
                    folderNote.append(" (read-only: read it, do not try to change it)\n");
                } else {
                    folderNote.append(" (read-write: a git worktree of ").append(folder.folder().path())
                            .append(" on branch ").append(folder.worktree().branch()).append(", from ")
                            .append(folder.worktree().base()).append("; edit files there, leave committing to the"
                                    + " user, who reviews and merges your changes)\n");
                }
            }
            folderNote.append('\n');
        }
        if (inputs.isEmpty()) {
            return folderNote + prompt;
        }
        StringBuilder note = new StringBuilder("The user attached these files (in /workspace/inputs; do not modify"
                + " them unless asked):\n");
        for (StagedInput input : inputs) {
            if (input.size() < 0) {
                note.append("- ").append(input.name()).append(" (a link that was not fetched: this sandbox has no"
                        + " network access)\n");
            } else {
                note.append("- ").append(input.path()).append(" (").append(input.size()).append(" bytes)\n");
            }
        }
        return folderNote + note.append('\n').append(prompt).toString();
    }
}
