package dev.poco.server.im;

/**
 * Every text a chat gets from Poco, in English and Chinese ({@code String.format} patterns). poco hard-coded its
 * Chinese strings; here a chat picks its language with {@code /lang}, and the default comes from
 * {@code POCO_IM_DEFAULT_LANGUAGE}.
 */
enum ChatText {
    HELP("""
            Poco commands:
            /new <task> – start a new task (and follow it here)
            /list [n] – your recent sessions
            /connect <id or number> – continue a session here
            /watch <id> – get a session's updates here
            /watches – sessions this chat follows
            /unwatch <id or number> – stop following
            /link – the connected session
            /clear – disconnect (watches stay)
            /answer <request id> <json> – answer a question
            /lang en|zh – reply language
            Any other text continues the connected session (or starts a new one).""", """
            Poco 命令：
            /new <任务> – 新建任务（并在这里跟进）
            /list [n] – 最近的会话
            /connect <会话 ID 或序号> – 在这里继续某个会话
            /watch <会话 ID> – 在这里接收会话的更新
            /watches – 本聊天订阅的会话
            /unwatch <会话 ID 或序号> – 取消订阅
            /link – 当前连接的会话
            /clear – 断开连接（订阅保留）
            /answer <请求 ID> <JSON> – 回答问题
            /lang en|zh – 回复语言
            其他文字会继续当前会话（没有则新建）。"""),
    UNLINKED("""
            This chat is not linked to a Poco account yet.
            In Poco open Settings → Chat apps, create a link code, then send here: /link CODE""", """
            本聊天尚未关联 Poco 账号。
            请在 Poco 的 设置 → 聊天应用 中生成关联码，然后在这里发送：/link 关联码"""),
    LINKED("✅ This chat now acts for your Poco account. Send a task, or /help.",
            "✅ 本聊天已关联你的 Poco 账号。直接发送任务，或发送 /help。"),
    LINK_BAD("That link code is unknown, used or expired. Create a new one in Poco (Settings → Chat apps).",
            "关联码无效、已使用或已过期。请在 Poco（设置 → 聊天应用）中重新生成。"),
    TASK_CREATED("🚀 Task created: %s", "🚀 已创建任务：%s"),
    TASK_FAILED("Could not start the task: %s", "无法创建任务：%s"),
    NEW_USAGE("Usage: /new <what to do>", "用法：/new <任务内容>"),
    LIST_EMPTY("No sessions yet. Send a task to start one.", "还没有会话。发送任务即可开始。"),
    LIST_HEADER("Your sessions:", "你的会话："),
    LIST_FOOTER("/connect <number> to continue one here, /new <task> to start another.",
            "/connect <序号> 在这里继续，/new <任务> 新建。"),
    CURRENT_TAG(" 👉 current", " 👉 当前"),
    WATCHED_TAG(" 👀 watched", " 👀 订阅"),
    UNTITLED("(untitled)", "（无标题）"),
    CONNECT_USAGE("Usage: /connect <session id or number from /list>", "用法：/connect <会话 ID 或 /list 中的序号>"),
    CONNECTED("Connected to session %s. Messages here continue it.", "已连接会话 %s，之后的消息会继续该会话。"),
    NOT_FOUND("Session not found: %s", "找不到会话：%s"),
    WATCH_USAGE("Usage: /watch <session id>", "用法：/watch <会话 ID>"),
    WATCHING("Watching session %s.", "已订阅会话 %s。"),
    WATCHES_EMPTY("This chat watches no session.", "本聊天没有订阅任何会话。"),
    WATCHES_HEADER("Watched sessions:", "订阅的会话："),
    UNWATCH_USAGE("Usage: /unwatch <session id or number from /watches>", "用法：/unwatch <会话 ID 或 /watches 中的序号>"),
    UNWATCHED("Stopped watching %s.", "已取消订阅 %s。"),
    UNWATCH_MISSING("This chat does not watch %s.", "本聊天没有订阅 %s。"),
    CURRENT("Connected session: %s", "当前会话：%s"),
    CURRENT_NONE("No session is connected. Send a task to start one, or /list and /connect.",
            "当前没有连接会话。发送任务即可新建，或使用 /list 和 /connect。"),
    CLEARED("Disconnected. Watched sessions still send updates here.", "已断开连接，订阅的会话仍会推送更新。"),
    ANSWER_USAGE("Usage: /answer <request id> {\"question\": \"answer\"}", "用法：/answer <请求 ID> {\"问题\": \"答案\"}"),
    ANSWER_BAD_JSON("The answer must be a JSON object, e.g. {\"approved\": \"true\"}.",
            "答案必须是 JSON 对象，例如 {\"approved\": \"true\"}。"),
    ANSWERED("✅ Answer submitted.", "✅ 已提交。"),
    ANSWER_FAILED("Could not answer: %s", "提交失败：%s"),
    PICKED("Picked: %s", "已选择：%s"),
    LANG_SET("Replies are now in English.", "回复语言已设为中文。"),
    LANG_USAGE("Usage: /lang en|zh", "用法：/lang en|zh"),
    OPEN_LINK("🌐 %s", "🌐 前端查看：%s"),
    RUN_COMPLETED("✅ Task finished", "✅ 任务完成"),
    RUN_FAILED("❌ Task failed", "❌ 任务失败"),
    RUN_CANCELED("🚫 Task canceled", "🚫 任务已取消"),
    RUN_TITLE("📝 %s", "📝 %s"),
    RUN_ERROR("⚠️ Error: %s", "⚠️ 错误：%s"),
    QUESTION_HEADER("❓ The agent needs your input", "❓ 需要你的输入"),
    QUESTION_MULTI("(several answers allowed)", "（可多选）"),
    QUESTION_SUBMIT("Submit", "提交"),
    QUESTION_FALLBACK("Or reply: /answer %s {\"<question>\": \"<answer>\"}", "或回复：/answer %s {\"<问题>\": \"<答案>\"}"),
    PLAN_HEADER("📋 The agent proposes a plan:", "📋 Agent 提出了计划："),
    PLAN_APPROVE("Approve", "批准"),
    PLAN_REJECT("Reject", "拒绝"),
    PLAN_FALLBACK("Or reply: /answer %s {\"approved\": \"true\"}", "或回复：/answer %s {\"approved\": \"true\"}"),
    QUESTION_CLOSED("This question is no longer open.", "该问题已关闭。"),
    FAILED("⚠️ %s", "⚠️ %s"),
    TEST("👋 A test message from Poco: this chat is linked and notifications reach it.",
            "👋 来自 Poco 的测试消息：本聊天已关联，通知可以送达。"),
    ERROR("Something went wrong, please try again.", "出错了，请重试。");

    private final String en;
    private final String zh;

    ChatText(String en, String zh) {
        this.en = en;
        this.zh = zh;
    }

    String in(String language, Object... args) {
        String pattern = "zh".equals(language) ? zh : en;
        return args.length == 0 ? pattern : String.format(pattern, args);
    }
}
