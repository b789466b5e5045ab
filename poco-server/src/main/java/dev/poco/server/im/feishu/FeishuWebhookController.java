package dev.poco.server.im.feishu;

import dev.poco.protocol.Envelope;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/webhooks/feishu}: Feishu's event subscription (request URL) and card callbacks. An encrypted
 * callback ({@code {"encrypt": …}}) is decrypted with the Encrypt Key (settings page, else
 * {@code POCO_FEISHU_ENCRYPT_KEY}; the channel's current value), and with that key set every
 * callback but the URL verification must carry a valid {@code X-Lark-Signature} (403 otherwise). Then the
 * Verification Token must match (v1 {@code token}, v2 {@code header.token}; 403 otherwise, and always when none is
 * configured). The URL verification is answered {@code {"challenge": …}}; a card button press with
 * {@code {"toast": …}}; any other event is accepted (also the ones we ignore, so Feishu does not send them again).
 * A body that is not a JSON object, or does not decrypt, is a 400.
 */
@RestController
class FeishuWebhookController {

    static final String SIGNATURE = "X-Lark-Signature";
    static final String TIMESTAMP = "X-Lark-Request-Timestamp";
    static final String NONCE = "X-Lark-Request-Nonce";

    private final FeishuChannel feishu;
    private final Json json;

    FeishuWebhookController(FeishuChannel feishu, Json json) {
        this.feishu = feishu;
        this.json = json;
    }

    @PostMapping(FeishuChannel.WEBHOOK_PATH)
    Object receiveFeishuEvent(@RequestHeader(name = SIGNATURE, required = false) @Nullable String signature,
            @RequestHeader(name = TIMESTAMP, required = false) @Nullable String timestamp,
            @RequestHeader(name = NONCE, required = false) @Nullable String nonce,
            @RequestBody(required = false) byte @Nullable [] body) {
        if (!feishu.enabled()) {
            throw new ForbiddenException("Feishu is not configured");
        }
        String expectedToken = feishu.verificationToken();
        if (expectedToken == null || expectedToken.isBlank()) {
            throw new ForbiddenException(
                    "The Feishu webhook needs a Verification Token (settings page or POCO_FEISHU_VERIFICATION_TOKEN)");
        }
        String encryptKey = feishu.encryptKey();
        byte[] raw = body == null ? new byte[0] : body;
        // the signature covers the raw body: checked first, so a callback under another key is a 403, not a 400
        boolean signed = signature != null || timestamp != null || nonce != null;
        if (encryptKey != null && signed && (signature == null || timestamp == null || nonce == null
                || !FeishuCrypto.signatureMatches(timestamp, nonce, encryptKey, raw, signature))) {
            throw new ForbiddenException("Invalid Feishu callback signature");
        }
        JsonNode payload = parse(raw);
        if (payload.has("encrypt")) {
            if (encryptKey == null) {
                throw new BadRequestException("The callback is encrypted but no Encrypt Key is set");
            }
            try {
                payload = parse(FeishuCrypto.decrypt(payload.path("encrypt").asString(""), encryptKey)
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("The encrypted callback could not be read: " + e.getMessage());
            }
        }
        boolean verification = "url_verification".equals(payload.path("type").asString(""));
        if (encryptKey != null && !signed && !verification) {
            // Feishu signs every callback but the URL verification once an Encrypt Key is set
            throw new ForbiddenException("Invalid Feishu callback signature: the signature headers are missing");
        }
        String token = payload.has("header") ? payload.path("header").path("token").asString("")
                : payload.path("token").asString("");
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                expectedToken.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenException("Invalid Feishu verification token");
        }
        if (verification) {
            return json.object().put("challenge", payload.path("challenge").asString(""));
        }
        JsonNode answer = feishu.receive(payload);
        return answer != null ? answer : Envelope.ok(null);
    }

    private JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : json.mapper().readTree(body);
        } catch (RuntimeException e) {
            throw new BadRequestException("The callback is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("The callback must be a JSON object");
        }
        return node;
    }
}
