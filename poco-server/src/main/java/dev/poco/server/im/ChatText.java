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
            /files – files of the connected session
            /get <path> – send one of them here
            /project [name|none] – project of new tasks from this chat
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
            /files – 当前会话的文件
            /get <路径> – 把其中一个文件发到这里
            /project [名称|none] – 本聊天新任务所属的项目
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
    FILES_NO_SESSION("No session is connected. /connect one (or send a task) first, then /files.",
            "当前没有连接会话。请先 /connect 一个会话（或发送任务），再使用 /files。"),
    FILES_EMPTY("Session %s has no files yet: they appear once a run has finished.",
            "会话 %s 还没有文件：运行结束后才会出现。"),
    FILES_HEADER("Files of session %s:", "会话 %s 的文件："),
    FILES_MORE("… and %d more", "……还有 %d 个"),
    FILES_FOOTER("/get <path> sends one here.", "/get <路径> 把文件发到这里。"),
    GET_USAGE("Usage: /get <path from /files>", "用法：/get <路径，来自 /files>"),
    GET_MISSING("File not found: %s (see /files)", "找不到文件：%s（见 /files）"),
    GET_BAD_PATH("That path is not allowed (it must stay inside the workspace): %s",
            "路径不允许（必须在工作区内）：%s"),
    GET_TOO_LARGE("%s is %s, over the %s a chat can receive. Download it in Poco instead.",
            "%s 大小为 %s，超过聊天可接收的 %s。请在 Poco 中下载。"),
    FILE_FALLBACK("📄 %s (%s): this chat app cannot receive files from Poco.",
            "📄 %s（%s）：该聊天应用无法接收 Poco 发送的文件。"),
    PROJECT_NONE("New tasks from this chat go to no project. /project <name> chooses one.",
            "本聊天的新任务不属于任何项目。/project <名称> 选择一个。"),
    PROJECT_CURRENT("New tasks from this chat go to project %s.", "本聊天的新任务属于项目 %s。"),
    PROJECT_SET("✅ New tasks from this chat now go to project %s.", "✅ 本聊天的新任务将属于项目 %s。"),
    PROJECT_CLEARED("New tasks from this chat now go to no project.", "本聊天的新任务不再属于任何项目。"),
    PROJECT_NOT_FOUND("No project of yours is called %s.", "你没有名为 %s 的项目。"),
    PROJECT_AMBIGUOUS("Several projects match %s: %s. Type the full name.", "有多个项目匹配 %s：%s。请输入完整名称。"),
    LINKED_PROJECT("✅ This chat now acts for your Poco account; new tasks go to project %s. Send a task, or /help.",
            "✅ 本聊天已关联你的 Poco 账号，新任务属于项目 %s。直接发送任务，或发送 /help。"),
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
