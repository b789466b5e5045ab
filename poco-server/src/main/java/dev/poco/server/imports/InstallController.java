package dev.poco.server.imports;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import tools.jackson.databind.JsonNode;

/**
 * poco's install routes ({@code skill_installs.py}, {@code plugin_installs.py}) once for both kinds; a subclass is
 * the {@code @RestController} with the prefix ({@code /api/v1/skill-installs}) and the view.
 */
public abstract class InstallController<V> {

    private final PackageKind kind;
    private final InstallService installs;

    protected InstallController(PackageKind kind, InstallService installs) {
        this.kind = kind;
        this.installs = installs;
    }

    protected abstract V view(Install install);

    @GetMapping
    public Envelope<List<V>> list(Caller caller) {
        return Envelope.ok(installs.list(kind, caller).stream().map(this::view).toList());
    }

    @PostMapping
    public Envelope<V> create(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok(kind.label() + " installed successfully", view(installs.create(kind, caller, body)));
    }

    /** Declared before {@code /{installId}}, as poco. */
    @PatchMapping("/bulk")
    public Envelope<Map<String, Integer>> bulk(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok(kind.label() + " installs updated successfully",
                Map.of("updated_count", installs.bulk(kind, caller, body)));
    }

    @PatchMapping("/{installId}")
    public Envelope<V> update(Caller caller, @PathVariable int installId, @RequestBody JsonNode body) {
        return Envelope.ok(kind.label() + " install updated successfully",
                view(installs.update(kind, caller, installId, body)));
    }

    @DeleteMapping("/{installId}")
    public Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int installId) {
        installs.delete(kind, caller, installId);
        return Envelope.ok(kind.label() + " install deleted successfully", Map.of("id", installId));
    }
}
