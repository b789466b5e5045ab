/**
 * A fake DingTalk over real sockets ({@link dev.poco.testkit.dingtalk.FakeDingTalkServer}): the Stream mode gateway
 * (connection open endpoint and a websocket pushing frames and recording acknowledgements), the OAuth token endpoint,
 * the robot send endpoints of the OpenAPI and session webhooks; it records every send and can be told to fail.
 */
@NullMarked
package dev.poco.testkit.dingtalk;

import org.jspecify.annotations.NullMarked;
