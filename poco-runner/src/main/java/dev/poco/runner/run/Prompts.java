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
        if (inputs.isEmpty() || prompt.startsWith("/")) {
            return prompt;
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
        return note.append('\n').append(prompt).toString();
    }
}
