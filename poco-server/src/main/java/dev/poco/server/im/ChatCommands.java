package dev.poco.server.im;

import dev.poco.server.auth.Caller;
import dev.poco.protocol.WorkspaceManifestFile;
import dev.poco.server.auth.HostProperties;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.Texts;
import dev.poco.server.projects.Project;
import dev.poco.server.projects.ProjectService;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.tasks.TaskEnqueued;
import dev.poco.server.tasks.TaskRequest;
import dev.poco.server.tasks.TaskService;
import dev.poco.server.workspace.WorkspaceExports;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * poco's chat commands (reference §A.4) for a chat, run inside {@link ImInbound}'s transaction. A linked chat acts
 * as its user: sessions are looked up with the owner check, tasks go through {@link TaskService}. Unlinked chats
 * get only the linking instructions. Replies are in the chat's language.
 */
@Component
class ChatCommands {

    static final int LIST_DEFAULT = 10;
    static final int LIST_MAX = 30;
    static final int FILES_MAX = 50;

    private final ChatRepository chats;
    private final SessionService sessions;
    private final TaskService tasks;
    private final LinkCodes linkCodes;
    private final QuestionAnswers answers;
    private final ImProperties properties;
    private final WorkspaceExports workspaces;
    private final ProjectService projects;
    private final @Nullable String publicUrl;

    ChatCommands(ChatRepository chats, SessionService sessions, TaskService tasks, LinkCodes linkCodes,
            QuestionAnswers answers, ImProperties properties, HostProperties hosts, WorkspaceExports workspaces,
            ProjectService projects) {
        this.workspaces = workspaces;
        this.projects = projects;
        this.chats = chats;
        this.sessions = sessions;
        this.tasks = tasks;
        this.linkCodes = linkCodes;
        this.answers = answers;
        this.properties = properties;
        String url = Texts.trimToNull(hosts.publicUrl());
        this.publicUrl = url == null ? null : url.replaceAll("/+$", "");
    }

    String language(ImChat chat) {
        return chat.language() != null ? chat.language() : properties.defaultLanguage();
    }

    String defaultLanguage() {
        return properties.defaultLanguage();
    }

    /** The replies to one message of {@code chat}. */
    List<ChatReply> handle(ImChat chat, String rawText) {
        Command command = Command.parse(rawText);
        String lang = language(chat);
        if (chat.linked()) {
            Caller caller = new Caller(Objects.requireNonNull(chat.userId()));
            switch (command.name()) {
                case "/files" -> {
                    return List.of(ChatReply.text(files(chat, caller, lang)));
                }
                case "/get" -> {
                    return List.of(get(chat, caller, command.args(), lang));
                }
                case "/project" -> {
                    return List.of(ChatReply.text(project(chat, caller, command.args(), lang)));
                }
                default -> { }
            }
        }
        return texts(chat, command).stream().map(ChatReply::text).toList();
    }

    private List<String> texts(ImChat chat, Command command) {
        String lang = language(chat);
        if (command.name().equals("/lang")) {
            return List.of(setLanguage(chat, command.args()));
        }
        // "/start CODE" is what Telegram sends for a t.me/<bot>?start=CODE link
        if ((command.name().equals("/link") || command.name().equals("/start")) && !command.args().isEmpty()) {
            return List.of(link(chat, command.args()));
        }
        if (!chat.linked()) {
            return List.of(ChatText.UNLINKED.in(lang));
        }
        Caller caller = new Caller(Objects.requireNonNull(chat.userId()));
        return switch (command.name()) {
            case "", "/help", "/start" -> List.of(ChatText.HELP.in(lang));
            case "/list" -> List.of(list(chat, caller, command.args(), lang));
            case "/new" -> command.args().isEmpty() ? List.of(ChatText.NEW_USAGE.in(lang))
                    : List.of(start(chat, caller, null, command.args(), lang));
            case "/connect" -> List.of(connect(chat, caller, command.args(), lang));
            case "/watch" -> List.of(watch(chat, caller, command.args(), lang));
            case "/watches", "/watchlist" -> List.of(watches(chat, caller, lang));
            case "/unwatch" -> List.of(unwatch(chat, command.args(), lang));
            case "/link", "/current" -> List.of(chat.activeSessionId() == null ? ChatText.CURRENT_NONE.in(lang)
                    : withLink(ChatText.CURRENT.in(lang, chat.activeSessionId()), chat.activeSessionId(), lang));
            case "/clear", "/disconnect" -> {
                chats.setActive(chat.id(), null);
                yield List.of(ChatText.CLEARED.in(lang));
            }
            case "/answer" -> List.of(answers.command(chat, caller, command.args(), lang));
            case Command.TEXT -> List.of(start(chat, caller, chat.activeSessionId(), command.args(), lang));
            default -> List.of(ChatText.HELP.in(lang));
        };
    }

    private String setLanguage(ImChat chat, String args) {
        String wanted = args.strip().toLowerCase(Locale.ROOT);
        if (wanted.startsWith("zh") || wanted.equals("中文")) {
            chats.setLanguage(chat.id(), "zh");
            return ChatText.LANG_SET.in("zh");
        }
        if (wanted.startsWith("en")) {
            chats.setLanguage(chat.id(), "en");
            return ChatText.LANG_SET.in("en");
        }
        return ChatText.LANG_USAGE.in(language(chat));
    }

    private String link(ImChat chat, String code) {
        Optional<LinkCodes.Redeemed> redeemed = linkCodes.redeem(code);
        if (redeemed.isEmpty()) {
            return ChatText.LINK_BAD.in(language(chat));
        }
        String user = redeemed.get().userId();
        Optional<Project> project = Optional.ofNullable(redeemed.get().projectId())
                .flatMap(id -> projects.find(user, id));
        chats.link(chat.id(), user, project.map(Project::id).orElse(null));
        return project.isPresent() ? ChatText.LINKED_PROJECT.in(language(chat), project.get().name())
                : ChatText.LINKED.in(language(chat));
    }

    /** {@code /files}: the bound session's exported files with their sizes, hidden names left out. */
    private String files(ImChat chat, Caller caller, String lang) {
        Optional<Session> session = Optional.ofNullable(chat.activeSessionId()).flatMap(id -> owned(caller, id));
        if (session.isEmpty()) {
            return ChatText.FILES_NO_SESSION.in(lang);
        }
        List<WorkspaceManifestFile> files = workspaces.visibleFiles(session.get());
        String id = session.get().id().toString().substring(0, 8);
        if (files.isEmpty()) {
            return ChatText.FILES_EMPTY.in(lang, id);
        }
        StringBuilder out = new StringBuilder(ChatText.FILES_HEADER.in(lang, id));
        for (WorkspaceManifestFile f : files.subList(0, Math.min(files.size(), FILES_MAX))) {
            out.append('\n').append(f.path()).append(" (").append(size(f.size())).append(')');
        }
        if (files.size() > FILES_MAX) {
            out.append('\n').append(ChatText.FILES_MORE.in(lang, files.size() - FILES_MAX));
        }
        return withLink(out.append('\n').append(ChatText.FILES_FOOTER.in(lang)).toString(), session.get().id(), lang);
    }

    /**
     * {@code /get PATH}: one exported file of the bound session as a document, when it is there and within
     * {@code POCO_IM_MAX_FILE_BYTES}; a path out of the workspace, a missing file or a large one get a text.
     */
    private ChatReply get(ImChat chat, Caller caller, String args, String lang) {
        String path = args.strip();
        if (path.isEmpty()) {
            return ChatReply.text(ChatText.GET_USAGE.in(lang));
        }
        Optional<Session> bound = Optional.ofNullable(chat.activeSessionId()).flatMap(id -> owned(caller, id));
        if (bound.isEmpty()) {
            return ChatReply.text(ChatText.FILES_NO_SESSION.in(lang));
        }
        Session session = bound.get();
        Optional<WorkspaceManifestFile> found;
        try {
            found = workspaces.visibleFile(session, path);
        } catch (BadRequestException e) {
            return ChatReply.text(ChatText.GET_BAD_PATH.in(lang, path));
        }
        if (found.isEmpty()) {
            return ChatReply.text(ChatText.GET_MISSING.in(lang, path));
        }
        WorkspaceManifestFile file = found.get();
        String name = file.path().substring(file.path().lastIndexOf('/') + 1);
        String link = publicUrl == null ? null : publicUrl + "/s/" + session.id();
        if (file.size() > properties.maxFileBytes()) {
            String text = ChatText.GET_TOO_LARGE.in(lang, file.path(), size(file.size()),
                    size(properties.maxFileBytes()));
            return ChatReply.text(link == null ? text : text + "\n" + ChatText.OPEN_LINK.in(lang, link));
        }
        String fallback = ChatText.FILE_FALLBACK.in(lang, file.path(), size(file.size()));
        if (link != null) {
            fallback += "\n" + ChatText.OPEN_LINK.in(lang, link);
        }
        return ChatReply.file(new ImChannel.Document(name, file.size(), file.mimeType(),
                () -> workspaces.open(session, file).orElseThrow(() -> new IOException("the file is gone: "
                        + file.path())), file.path(), fallback));
    }

    /** {@code /project [name|none]}: the project new tasks from this chat go to. */
    private String project(ImChat chat, Caller caller, String args, String lang) {
        String wanted = args.strip();
        if (wanted.isEmpty()) {
            Optional<Project> current = Optional.ofNullable(chat.projectId())
                    .flatMap(id -> projects.find(caller.userId(), id));
            return current.map(p -> ChatText.PROJECT_CURRENT.in(lang, p.name()))
                    .orElseGet(() -> ChatText.PROJECT_NONE.in(lang));
        }
        if (List.of("none", "off", "-", "clear").contains(wanted.toLowerCase(Locale.ROOT))) {
            chats.setProject(chat.id(), null);
            return ChatText.PROJECT_CLEARED.in(lang);
        }
        String lower = wanted.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_");
        List<Project> exact = projects.search(caller, lower, 2);
        List<Project> found = exact.size() == 1 ? exact : projects.search(caller, lower + "%", 6);
        if (found.isEmpty()) {
            return ChatText.PROJECT_NOT_FOUND.in(lang, wanted);
        }
        if (found.size() > 1) {
            return ChatText.PROJECT_AMBIGUOUS.in(lang, wanted,
                    String.join(", ", found.stream().map(Project::name).toList()));
        }
        chats.setProject(chat.id(), found.get(0).id());
        return ChatText.PROJECT_SET.in(lang, found.get(0).name());
    }

    /** 1536 → "1.5 KB". */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double kb = bytes / 1024.0;
        if (kb < 1024) {
            return String.format(Locale.ROOT, "%.1f KB", kb);
        }
        return String.format(Locale.ROOT, "%.1f MB", kb / 1024);
    }

    private String list(ImChat chat, Caller caller, String args, String lang) {
        int limit = LIST_DEFAULT;
        try {
            if (!args.isBlank()) {
                limit = Math.clamp(Integer.parseInt(args.strip()), 1, LIST_MAX);
            }
        } catch (NumberFormatException e) {
            // poco: a bad number means the default
        }
        List<Session> found = sessions.list(caller, SessionService.KIND_CHAT, null, limit, 0);
        if (found.isEmpty()) {
            return ChatText.LIST_EMPTY.in(lang);
        }
        List<UUID> watched = chats.watches(chat.id());
        StringBuilder out = new StringBuilder(ChatText.LIST_HEADER.in(lang)).append('\n');
        for (int i = 0; i < found.size(); i++) {
            Session s = found.get(i);
            out.append(i + 1).append(". ").append(Notifications.statusEmoji(s.status())).append(" [")
                    .append(s.status()).append("] ")
                    .append(s.title() == null || s.title().isBlank() ? ChatText.UNTITLED.in(lang) : s.title())
                    .append(" · ").append(s.id().toString(), 0, 8);
            if (s.id().equals(chat.activeSessionId())) {
                out.append(ChatText.CURRENT_TAG.in(lang));
            } else if (watched.contains(s.id())) {
                out.append(ChatText.WATCHED_TAG.in(lang));
            }
            out.append('\n');
        }
        return out.append(ChatText.LIST_FOOTER.in(lang)).toString();
    }

    private String start(ImChat chat, Caller caller, @Nullable UUID sessionId, String prompt, String lang) {
        UUID continued = sessionId != null && owned(caller, sessionId).isPresent() ? sessionId : null;
        // a new session of a chat linked to a project belongs to it; a continued one keeps its own
        UUID project = continued == null && chat.projectId() != null
                && projects.find(caller.userId(), chat.projectId()).isPresent() ? chat.projectId() : null;
        TaskEnqueued task = tasks.enqueue(caller,
                new TaskRequest(prompt, null, continued, project, "default", "immediate", null, null));
        chats.setActive(chat.id(), task.sessionId());
        chats.watch(chat.id(), task.sessionId());
        return withLink(ChatText.TASK_CREATED.in(lang, Notifications.statusEmoji(task.status()) + " " + task.status()),
                task.sessionId(), lang);
    }

    private String connect(ImChat chat, Caller caller, String args, String lang) {
        String ref = args.strip();
        if (ref.isEmpty()) {
            return ChatText.CONNECT_USAGE.in(lang);
        }
        Optional<Session> session = resolve(caller, ref);
        if (session.isEmpty()) {
            return ChatText.NOT_FOUND.in(lang, ref);
        }
        chats.setActive(chat.id(), session.get().id());
        chats.watch(chat.id(), session.get().id());
        return withLink(ChatText.CONNECTED.in(lang, session.get().id()), session.get().id(), lang);
    }

    private String watch(ImChat chat, Caller caller, String args, String lang) {
        String ref = args.strip();
        if (ref.isEmpty()) {
            return ChatText.WATCH_USAGE.in(lang);
        }
        Optional<Session> session = parseId(ref).flatMap(id -> owned(caller, id));
        if (session.isEmpty()) {
            return ChatText.NOT_FOUND.in(lang, ref);
        }
        chats.watch(chat.id(), session.get().id());
        return withLink(ChatText.WATCHING.in(lang, session.get().id()), session.get().id(), lang);
    }

    private String watches(ImChat chat, Caller caller, String lang) {
        List<UUID> watched = chats.watches(chat.id());
        if (watched.isEmpty()) {
            return ChatText.WATCHES_EMPTY.in(lang);
        }
        StringBuilder out = new StringBuilder(ChatText.WATCHES_HEADER.in(lang));
        for (int i = 0; i < watched.size(); i++) {
            UUID id = watched.get(i);
            String title = owned(caller, id).map(Session::title).orElse(null);
            out.append('\n').append(i + 1).append(". ").append(id);
            if (title != null && !title.isBlank()) {
                out.append(" – ").append(title);
            }
            if (id.equals(chat.activeSessionId())) {
                out.append(ChatText.CURRENT_TAG.in(lang));
            }
        }
        return out.toString();
    }

    private String unwatch(ImChat chat, String args, String lang) {
        String ref = args.strip();
        if (ref.isEmpty()) {
            return ChatText.UNWATCH_USAGE.in(lang);
        }
        Optional<UUID> id = parseId(ref);
        if (id.isEmpty() && ref.matches("\\d{1,3}")) {
            List<UUID> watched = chats.watches(chat.id());
            int index = Integer.parseInt(ref) - 1;
            id = index >= 0 && index < watched.size() ? Optional.of(watched.get(index)) : Optional.empty();
        }
        if (id.isEmpty() || !chats.unwatch(chat.id(), id.get())) {
            return ChatText.UNWATCH_MISSING.in(lang, ref);
        }
        return ChatText.UNWATCHED.in(lang, id.get());
    }

    /** A session id or a number from {@code /list}, owned by the caller. */
    private Optional<Session> resolve(Caller caller, String ref) {
        Optional<UUID> id = parseId(ref);
        if (id.isPresent()) {
            return owned(caller, id.get());
        }
        if (!ref.matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int index = Integer.parseInt(ref);
        List<Session> found = sessions.list(caller, SessionService.KIND_CHAT, null, Math.min(Math.max(index, 10), 50), 0);
        return index >= 1 && index <= found.size() ? Optional.of(found.get(index - 1)) : Optional.empty();
    }

    /** The session when it exists and belongs to the caller: someone else's id is "not found" to a chat. */
    private Optional<Session> owned(Caller caller, UUID id) {
        return sessions.find(id).filter(s -> caller.owns(s.userId()));
    }

    private static Optional<UUID> parseId(String ref) {
        try {
            return Optional.of(UUID.fromString(ref));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    String withLink(String text, @Nullable UUID sessionId, String lang) {
        if (publicUrl == null || sessionId == null) {
            return text;
        }
        return text + "\n" + ChatText.OPEN_LINK.in(lang, publicUrl + "/s/" + sessionId);
    }

    /** A message as a command: name ({@code /new}, lower case, bot suffix removed) and the rest. */
    record Command(String name, String args) {

        static final String TEXT = "text";

        static Command parse(String raw) {
            String text = raw.replace('／', '/').strip();
            if (text.isEmpty()) {
                return new Command("", "");
            }
            if (!text.startsWith("/")) {
                return new Command(TEXT, text);
            }
            int space = indexOfWhitespace(text);
            String name = space < 0 ? text : text.substring(0, space);
            String args = space < 0 ? "" : text.substring(space + 1).strip();
            int at = name.indexOf('@');
            if (at > 0) {
                name = name.substring(0, at); // /cmd@BotName
            }
            return new Command(name.toLowerCase(Locale.ROOT), args);
        }

        private static int indexOfWhitespace(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (Character.isWhitespace(text.charAt(i))) {
                    return i;
                }
            }
            return -1;
        }
    }
}
