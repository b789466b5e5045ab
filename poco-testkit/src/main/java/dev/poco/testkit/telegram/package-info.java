/**
 * A fake Telegram Bot API over a real socket ({@link dev.poco.testkit.telegram.FakeTelegramServer}): the HTTP wire
 * protocol of {@code https://api.telegram.org/bot<token>/<method>}, recording every call, with a scriptable update
 * queue for {@code getUpdates} and injectable failures.
 */
@NullMarked
package dev.poco.testkit.telegram;

import org.jspecify.annotations.NullMarked;
