package dev.poco.server.im;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
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

    @GetMapping("/providers")
    Envelope<List<ProviderView>> providers(Caller caller) {
        return Envelope.ok(settings.providers());
    }
}
