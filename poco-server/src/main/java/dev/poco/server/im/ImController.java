package dev.poco.server.im;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Settings → Chat apps: link codes, the caller's linked chats, provider status. */
@RestController
@RequestMapping("/api/v1/im")
class ImController {

    private final ImSettings settings;

    ImController(ImSettings settings) {
        this.settings = settings;
    }

    @PostMapping("/link-codes")
    Envelope<LinkCodeView> createLinkCode(Caller caller) {
        return Envelope.ok("Send /link CODE from the chat", settings.createCode(caller));
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
        return Envelope.ok(settings.providers());
    }
}
