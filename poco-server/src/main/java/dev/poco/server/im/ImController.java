package dev.poco.server.im;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Settings → Chat apps: link codes, the caller's linked chats (project, revoke, test message), providers (status,
 * write-only credentials, on/off switch).
 */
@RestController
@RequestMapping("/api/v1/im")
class ImController {

    private final ImSettings settings;

    ImController(ImSettings settings) {
        this.settings = settings;
    }

    /** {@code project_id}: new tasks from the chat this code links go to that project (optional). */
    record LinkCodeRequest(@Nullable UUID projectId) {}

    /** {@code project_id}: the project new tasks from the chat go to; null for none. */
    record LinkProjectRequest(@Nullable UUID projectId) {}

    /** {@code values}: credential fields to set; a blank or null value removes that field. Never echoed. */
    record CredentialsRequest(@Nullable Map<String, @Nullable String> values) {
        @Override
        public String toString() { // credentials: never in logs
            return "CredentialsRequest[fields=" + (values == null ? "[]" : values.keySet()) + "]";
        }
    }

    record EnabledRequest(@Nullable Boolean enabled) {}

    @PostMapping("/link-codes")
    Envelope<LinkCodeView> createLinkCode(Caller caller,
            @RequestBody(required = false) @Nullable LinkCodeRequest request) {
        return Envelope.ok("Send /link CODE from the chat",
                settings.createCode(caller, request == null ? null : request.projectId()));
    }

    @PatchMapping("/links/{linkId}")
    Envelope<ChatLinkView> setProject(Caller caller, @PathVariable UUID linkId,
            @RequestBody LinkProjectRequest request) {
        return Envelope.ok(settings.setProject(caller, linkId, request.projectId()));
    }

    @GetMapping("/links")
    Envelope<List<ChatLinkView>> links(Caller caller) {
        return Envelope.ok(settings.links(caller));
    }

    @DeleteMapping("/links/{linkId}")
    Envelope<Map<String, UUID>> revoke(Caller caller, @PathVariable UUID linkId) {
        settings.revoke(caller, linkId);
        return Envelope.ok("Chat unlinked", Map.of("id", linkId));
    }

    @PostMapping("/links/{linkId}/test")
    Envelope<Map<String, UUID>> test(Caller caller, @PathVariable UUID linkId) {
        try {
            settings.sendTest(caller, linkId);
        } catch (DeliveryException e) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, "The test message was not delivered: " + e.getMessage());
        }
        return Envelope.ok("Test message sent", Map.of("id", linkId));
    }

    @GetMapping("/providers")
    Envelope<List<ProviderView>> providers(Caller caller) {
        return Envelope.ok(settings.providers(caller));
    }

    @PutMapping("/providers/{provider}/credentials")
    Envelope<Map<String, String>> storeCredentials(Caller caller, @PathVariable String provider,
            @RequestBody CredentialsRequest request) {
        settings.storeCredentials(caller, provider, request.values());
        return Envelope.ok("Credentials saved", Map.of("provider", provider));
    }

    @DeleteMapping("/providers/{provider}/credentials")
    Envelope<Map<String, String>> clearCredentials(Caller caller, @PathVariable String provider) {
        settings.clearCredentials(caller, provider);
        return Envelope.ok("Stored credentials cleared; the environment applies", Map.of("provider", provider));
    }

    @PutMapping("/providers/{provider}/enabled")
    Envelope<Map<String, Object>> switchOn(Caller caller, @PathVariable String provider,
            @RequestBody EnabledRequest request) {
        if (request.enabled() == null) {
            throw new dev.poco.server.common.BadRequestException("enabled must be true or false");
        }
        settings.switchOn(caller, provider, request.enabled());
        return Envelope.ok(Map.of("provider", provider, "enabled", request.enabled()));
    }
}
