package dev.poco.runner.run;

import dev.poco.protocol.spec.InputFile;
import dev.poco.runner.workspace.WorkspaceManager;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Downloads the run's attachments into {@code inputs/} through the server; links are only listed
 * for the agent (the sandbox has no network). A failure fails the run with {@code /fail}.
 */
final class StageInputsStage implements RunStage {

    private final WorkspaceManager workspaces;

    StageInputsStage(WorkspaceManager workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void run(RunContext ctx) {
        List<InputFile> files = ctx.spec().inputFiles();
        if (files.isEmpty()) {
            return;
        }
        try {
            ctx.stagedInputs(workspaces.stageInputs(ctx.workspace(), stagerInput(files), ctx.server()::attachment));
        } catch (RuntimeException e) {
            throw RunOutcomes.couldNotPrepareTheWorkspace(e);
        }
    }

    /** The stager reads poco's input_files shape; the spec's typed files are written back into it. */
    static ArrayNode stagerInput(List<InputFile> files) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (InputFile file : files) {
            ObjectNode item = array.addObject();
            switch (file) {
                case InputFile.Attachment a -> {
                    item.put("type", "file").put("source", a.source());
                    if (a.id() != null) {
                        item.put("id", a.id());
                    }
                }
                case InputFile.Url u -> item.put("type", "url").put("source", u.url());
            }
            if (!file.name().isBlank()) {
                item.put("name", file.name());
            }
        }
        return array;
    }
}
