package dev.poco.server.slashcommands;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/slash-commands")
class SlashCommandController {

    private final SlashCommandService commands;

    SlashCommandController(SlashCommandService commands) {
        this.commands = commands;
    }

    @GetMapping
    Envelope<List<SlashCommand>> list(Caller caller) {
        return Envelope.ok(commands.list(caller));
    }

    @GetMapping("/suggestions")
    Envelope<List<SlashCommandSuggestion>> suggestions(Caller caller) {
        return Envelope.ok(commands.suggestions(caller));
    }

    @GetMapping("/{commandId}")
    Envelope<SlashCommand> get(Caller caller, @PathVariable int commandId) {
        return Envelope.ok(commands.require(caller, commandId));
    }

    @PostMapping
    Envelope<SlashCommand> create(Caller caller, @Valid @RequestBody SlashCommandRequests.Create request) {
        return Envelope.ok("Slash command created successfully", commands.create(caller, request));
    }

    @PatchMapping("/{commandId}")
    Envelope<SlashCommand> update(Caller caller, @PathVariable int commandId,
            @Valid @RequestBody SlashCommandRequests.Update request) {
        return Envelope.ok("Slash command updated successfully", commands.update(caller, commandId, request));
    }

    @DeleteMapping("/{commandId}")
    Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int commandId) {
        commands.delete(caller, commandId);
        return Envelope.ok("Slash command deleted successfully", Map.of("id", commandId));
    }
}
