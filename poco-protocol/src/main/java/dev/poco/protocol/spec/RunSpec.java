package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.poco.protocol.PermissionMode;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Everything one run needs, typed: what the server sends with a claim and what the runner's
 * stages read. Sections that later features fill (capabilities, network, repository, browser)
 * are present with safe defaults today. Unknown fields are ignored and a missing section (or
 * {@code null}) gets its default, so specs of a newer or older {@link #version} still parse.
 *
 * @param version the spec format the producer wrote; {@link #CURRENT} when missing
 * @param prompt the user's message text, as sent to the agent before decoration
 * @param inputFiles files to place in {@code inputs/} (attachments) or to mention (links), in order
 * @param model the model the run pinned; null means the runner's default
 * @param permissionMode the Claude Code permission mode of the run
 * @param resume the agent session to continue; null starts a new one
 * @param capabilities skills, plugins, MCP servers, subagents, commands and CLAUDE.md to stage
 * @param network what the sandbox may reach; {@link NetworkPolicy.None} (no network) by default
 * @param repository a git repository to work in; null for none
 * @param browser whether the run gets a browser
 * @param localFolders host folders attached to the session (issue 13, part 5); none by default
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunSpec(
        @JsonSetter(nulls = Nulls.AS_EMPTY) int version, // absent is 0, read as CURRENT
        String prompt,
        List<InputFile> inputFiles,
        @Nullable String model,
        PermissionMode permissionMode,
        @Nullable Resume resume,
        Capabilities capabilities,
        NetworkPolicy network,
        @Nullable Repository repository,
        Browser browser,
        List<LocalFolder> localFolders) {

    /** The format this code writes. Raise it when a field changes meaning, not when one is added. */
    public static final int CURRENT = 1;

    // Jackson passes null for every section a JSON document leaves out; the defaults live here, once.
    @SuppressWarnings("ConstantConditions")
    public RunSpec {
        version = version <= 0 ? CURRENT : version;
        prompt = prompt == null ? "" : prompt;
        inputFiles = inputFiles == null ? List.of() : List.copyOf(inputFiles);
        model = model == null || model.isBlank() ? null : model;
        permissionMode = permissionMode == null ? PermissionMode.DEFAULT : permissionMode;
        capabilities = capabilities == null ? Capabilities.NONE : capabilities;
        network = network == null ? NetworkPolicy.NONE : network;
        browser = browser == null ? Browser.DISABLED : browser;
        localFolders = localFolders == null ? List.of() : List.copyOf(localFolders);
    }

    /** A spec without local folders (the sections before issue 13, part 5). */
    public RunSpec(int version, String prompt, List<InputFile> inputFiles, @Nullable String model,
            PermissionMode permissionMode, @Nullable Resume resume, Capabilities capabilities, NetworkPolicy network,
            @Nullable Repository repository, Browser browser) {
        this(version, prompt, inputFiles, model, permissionMode, resume, capabilities, network, repository, browser,
                List.of());
    }

    /** A spec with only a prompt; every section at its default. */
    public static RunSpec of(String prompt) {
        return new RunSpec(CURRENT, prompt, List.of(), null, PermissionMode.DEFAULT, null, Capabilities.NONE,
                NetworkPolicy.NONE, null, Browser.DISABLED, List.of());
    }

    public RunSpec withInputFiles(List<InputFile> files) {
        return new RunSpec(version, prompt, files, model, permissionMode, resume, capabilities, network, repository,
                browser, localFolders);
    }

    public RunSpec withModel(@Nullable String newModel) {
        return new RunSpec(version, prompt, inputFiles, newModel, permissionMode, resume, capabilities, network,
                repository, browser, localFolders);
    }

    public RunSpec withPermissionMode(PermissionMode mode) {
        return new RunSpec(version, prompt, inputFiles, model, mode, resume, capabilities, network, repository,
                browser, localFolders);
    }

    public RunSpec withCapabilities(Capabilities newCapabilities) {
        return new RunSpec(version, prompt, inputFiles, model, permissionMode, resume, newCapabilities, network,
                repository, browser, localFolders);
    }

    public RunSpec withNetwork(NetworkPolicy newNetwork) {
        return new RunSpec(version, prompt, inputFiles, model, permissionMode, resume, capabilities, newNetwork,
                repository, browser, localFolders);
    }

    public RunSpec withRepository(@Nullable Repository newRepository) {
        return new RunSpec(version, prompt, inputFiles, model, permissionMode, resume, capabilities, network,
                newRepository, browser, localFolders);
    }

    public RunSpec withBrowser(Browser newBrowser) {
        return new RunSpec(version, prompt, inputFiles, model, permissionMode, resume, capabilities, network,
                repository, newBrowser, localFolders);
    }

    public RunSpec withLocalFolders(List<LocalFolder> folders) {
        return new RunSpec(version, prompt, inputFiles, model, permissionMode, resume, capabilities, network,
                repository, browser, folders);
    }

    public RunSpec withResume(@Nullable Resume newResume) {
        return new RunSpec(version, prompt, inputFiles, model, permissionMode, newResume, capabilities, network,
                repository, browser, localFolders);
    }
}
