/**
 * A fake Feishu (Lark) Open Platform over a real socket ({@link dev.poco.testkit.feishu.FakeFeishuServer}): tenant
 * access tokens, bot info and message sending as {@code https://open.feishu.cn/open-apis/...} speaks them, recording
 * every call, with injectable failures; and {@link dev.poco.testkit.feishu.FeishuEvents}, which builds the event
 * callbacks Feishu posts to an app's webhook (plain or encrypted and signed) and posts them.
 */
@NullMarked
package dev.poco.testkit.feishu;

import org.jspecify.annotations.NullMarked;
