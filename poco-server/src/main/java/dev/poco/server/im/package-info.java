/**
 * Chat apps (issue 15): people give the agent tasks from Telegram and DingTalk (Feishu later), get its answers,
 * questions and run outcomes pushed there, and answer there.
 * <ul>
 * <li>SPI: {@link dev.poco.server.im.ImChannel} (send, limits, format) with one implementation per provider in its
 * own sub-package ({@code im.telegram}, {@code im.dingtalk}); providers turn what they receive into {@link dev.poco.server.im.Inbound}
 * and hand it to {@code ImInbound};</li>
 * <li>identity: a chat ({@code im_channels}) acts for the Poco user it was linked to with a one-time code
 * ({@code POST /im/link-codes}, then {@code /link CODE} in the chat); unlinked chats get instructions only, and
 * every command runs as the linked user ({@code ChatCommands});</li>
 * <li>push: {@code ImOutboxWriter} listens to {@code events.SessionEventAppended} inside the appending transaction
 * and writes {@code im_outbox} rows (assistant text, question, run finished/failed/canceled) for every linked chat
 * bound to or watching the session, unique per (chat, event key); {@code ImDispatcher} claims due rows with
 * {@code FOR UPDATE SKIP LOCKED} under a lease, sends them in order per chat, and retries with backoff;</li>
 * <li>routes: {@code /im/link-codes}, {@code /im/links}, {@code /im/providers} ({@code ImController}),
 * {@code POST /webhooks/telegram} ({@code telegram.TelegramWebhookController}), {@code POST /webhooks/feishu}
 * ({@code feishu.FeishuWebhookController}), {@code POST /webhooks/dingtalk}
 * ({@code dingtalk.DingTalkWebhookController}).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "events", "messages", "questions", "sessions", "tasks"})
@NullMarked
package dev.poco.server.im;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
