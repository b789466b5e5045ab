/**
 * Feishu (Lark) for the {@code im} module: {@code FeishuChannel} (the {@code ImChannel}), {@code FeishuClient} (tenant
 * token and message sending), {@code FeishuInbound} (events to {@code Inbound}), {@code FeishuFormat} (post and card
 * shapes), {@code FeishuCrypto} and {@code FeishuWebhookController} ({@code POST /api/v1/webhooks/feishu}).
 */
@NullMarked
package dev.poco.server.im.feishu;

import org.jspecify.annotations.NullMarked;
