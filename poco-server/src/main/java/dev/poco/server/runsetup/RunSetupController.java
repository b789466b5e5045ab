package dev.poco.server.runsetup;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runner side (runner token, {@code X-User-Id} of the run's user): a run's setup in one round trip instead of seven
 * (issue 12: they stand between the claim and the agent's first message). Not in poco, whose executor manager
 * makes the seven calls; the runner falls back to them when a server lacks this one.
 */
@RestController
class RunSetupController {

    private final RunSetupService setup;

    RunSetupController(RunSetupService setup) {
        this.setup = setup;
    }

    /**
     * The run's session and the ids of its config snapshot.
     *
     * @param subagentIds null for the user's enabled subagents
     * @param slashCommands the run's command names, empty or absent for all of the user's
     */
    record RunSetupRequest(
            @NotNull @Nullable UUID sessionId,
            @Size(max = 10_000) @Nullable List<@NotNull Integer> mcpServerIds,
            @Size(max = 10_000) @Nullable List<@NotNull Integer> skillIds,
            @Size(max = 10_000) @Nullable List<@NotNull Integer> pluginIds,
            @Size(max = 10_000) @Nullable List<@NotNull Integer> subagentIds,
            @Size(max = 10_000) @Nullable List<@NotNull String> slashCommands) {}

    @PostMapping("/api/v1/internal/run-setup")
    Envelope<RunSetup> read(Caller caller, @Valid @RequestBody RunSetupRequest request) {
        return Envelope.ok(setup.read(caller, Objects.requireNonNull(request.sessionId()),
                orEmpty(request.mcpServerIds()), orEmpty(request.skillIds()), orEmpty(request.pluginIds()),
                request.subagentIds(), orEmpty(request.slashCommands())));
    }

    private static <T> List<T> orEmpty(@Nullable List<T> list) {
        return list == null ? List.of() : list;
    }
}
