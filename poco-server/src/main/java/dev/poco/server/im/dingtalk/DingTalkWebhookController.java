package dev.poco.server.im.dingtalk;

import dev.poco.protocol.Envelope;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.Json;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/webhooks/dingtalk}: the robot's HTTP callback (DingTalk's "outgoing" mode). Refused (403)
 * unless DingTalk is configured and the request is signed: header {@code timestamp} (ms, within an hour of ours)
 * and {@code sign} = Base64(HmacSHA256(app secret, timestamp + "\n" + app secret)). A body that is not a JSON object
 * is a 400; a message we do not handle (pictures, files) is accepted and ignored, so DingTalk does not resend it.
 * Replies go out through the message's session webhook, not in this response.
 */
@RestController
class DingTalkWebhookController {

    private final DingTalkChannel dingtalk;
    private final Json json;

    DingTalkWebhookController(DingTalkChannel dingtalk, Json json) {
        this.dingtalk = dingtalk;
        this.json = json;
    }

    @PostMapping(DingTalkChannel.WEBHOOK_PATH)
    Envelope<Void> receiveDingTalkMessage(@RequestHeader(name = "timestamp", required = false) @Nullable String timestamp,
            @RequestHeader(name = "sign", required = false) @Nullable String sign,
            @RequestBody(required = false) @Nullable String body) {
        if (!dingtalk.acceptsSignature(timestamp, sign)) {
            throw new ForbiddenException(dingtalk.enabled() ? "Invalid DingTalk signature"
                    : "DingTalk is not configured");
        }
        JsonNode message;
        try {
            message = body == null ? null : json.mapper().readTree(body);
        } catch (RuntimeException e) {
            throw new BadRequestException("The message is not JSON");
        }
        if (message == null || !message.isObject()) {
            throw new BadRequestException("The message must be a JSON object");
        }
        dingtalk.receive(message);
        return Envelope.ok(null);
    }
}
