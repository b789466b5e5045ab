package dev.poco.server.tokens;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's personal API tokens (account page → API tokens). */
@RestController
@RequestMapping("/api/v1/tokens")
class ApiTokenController {

    private final ApiTokenService tokens;

    ApiTokenController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    Envelope<List<ApiTokenView>> list(Caller caller) {
        return Envelope.ok(tokens.list(caller));
    }

    @PostMapping
    Envelope<CreatedApiTokenView> create(Caller caller, @RequestBody CreateApiTokenRequest request) {
        return Envelope.ok("Token created: copy it now, it is not shown again", tokens.create(caller, request));
    }

    @DeleteMapping("/{tokenId}")
    Envelope<Map<String, UUID>> revoke(Caller caller, @PathVariable UUID tokenId) {
        tokens.revoke(caller, tokenId);
        return Envelope.ok("Token revoked", Map.of("id", tokenId));
    }
}
