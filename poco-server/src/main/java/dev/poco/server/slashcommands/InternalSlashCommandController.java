package dev.poco.server.slashcommands;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The runner's command files; {@code /internal/**} needs the runner token (auth.SecurityConfiguration). */
@RestController
class InternalSlashCommandController {

    private final SlashCommandService commands;

    InternalSlashCommandController(SlashCommandService commands) {
        this.commands = commands;
    }

    @PostMapping("/api/v1/internal/slash-commands/resolve")
    Envelope<Map<String, String>> resolve(Caller caller, @Valid @RequestBody SlashCommandRequests.Resolve request) {
        return Envelope.ok(commands.resolve(caller, request.names(), request.skillNames()));
    }
}
