package dev.poco.server.im;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.PocoException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every provider does with what it received (reference §A.3, fixed): drop group messages that do not name the
 * bot, drop repeats (keyed by chat and message version, so an edit is a new message), record the chat, run the
 * command or the button press as the chat's linked user, all in one transaction, then send the replies. A failure
 * of the command rolls back (the message may be sent again) and is answered with its reason; nothing escapes to the
 * provider's caller.
 */
@Service
public class ImInbound {

    private static final Logger log = LoggerFactory.getLogger(ImInbound.class);

    private final ChatRepository chats;
    private final ChatCommands commands;
    private final QuestionAnswers answers;
    private final ProviderStatusRepository status;
    private final TransactionTemplate tx;

    ImInbound(ChatRepository chats, ChatCommands commands, QuestionAnswers answers, ProviderStatusRepository status,
            TransactionTemplate tx) {
        this.chats = chats;
        this.commands = commands;
        this.answers = answers;
        this.status = status;
        this.tx = tx;
    }

    /** Handles one inbound message or press; blocks until the replies went out (or failed). Never throws. */
    public void handle(ImChannel channel, Inbound inbound) {
        try {
            status.received(channel.provider());
            switch (inbound) {
                case Inbound.Message m -> message(channel, m);
                case Inbound.ButtonPress p -> press(channel, p);
            }
        } catch (RuntimeException e) {
            log.warn("Handling a {} message failed", channel.provider(), e);
            status.failed(channel.provider(), "inbound: " + e.getMessage());
        }
    }

    private void message(ImChannel channel, Inbound.Message m) {
        if (!m.direct() && !m.addressed()) {
            return; // groups: only messages that name the bot
        }
        List<ChatReply> replies;
        try {
            replies = tx.execute(s -> {
                if (!chats.firstSight(m.provider(), m.chatId() + ":" + m.dedupKey())) {
                    return List.<ChatReply>of();
                }
                ImChat chat = chats.upsertAndLock(m.provider(), m.chatId(), m.direct() ? "private" : "group",
                        m.chatTitle(), languageOf(m.languageHint()));
                return commands.handle(chat, m.text());
            });
        } catch (PocoException e) {
            replies = List.of(ChatReply.text(ChatText.FAILED.in(language(m.provider(), m.chatId()), e.getMessage())));
        } catch (RuntimeException e) {
            log.warn("A {} message could not be handled", m.provider(), e);
            status.failed(m.provider(), "inbound: " + e.getMessage());
            replies = List.of(ChatReply.text(ChatText.ERROR.in(language(m.provider(), m.chatId()))));
        }
        reply(channel, m.chatId(), replies == null ? List.of() : replies);
    }

    private void press(ImChannel channel, Inbound.ButtonPress p) {
        String toast;
        boolean answered = false;
        String lang = language(p.provider(), p.chatId());
        try {
            QuestionAnswers.Press result = tx.execute(s -> {
                if (!chats.firstSight(p.provider(), p.chatId() + ":press:" + p.pressId())) {
                    return null;
                }
                ImChat chat = chats.upsertAndLock(p.provider(), p.chatId(), null, null, null);
                if (!chat.linked()) {
                    return new QuestionAnswers.Press(ChatText.UNLINKED.in(commands.language(chat)), false);
                }
                return answers.press(chat, new Caller(java.util.Objects.requireNonNull(chat.userId())), p.data(), commands.language(chat));
            });
            if (result == null) {
                return;
            }
            toast = result.toast();
            answered = result.answered();
        } catch (PocoException e) {
            toast = ChatText.FAILED.in(lang, e.getMessage());
        }
        channel.acknowledge(p.pressId(), toast);
        if (answered) {
            reply(channel, p.chatId(), List.of(ChatReply.text(toast)));
        }
    }

    private void reply(ImChannel channel, String chatId, List<ChatReply> replies) {
        for (ChatReply reply : replies) {
            try {
                if (reply.document() != null) {
                    document(channel, chatId, reply.document());
                    continue;
                }
                for (ImChannel.Part part : channel.render(Outbound.plain(reply.text()))) {
                    channel.send(chatId, part);
                }
            } catch (DeliveryException e) {
                log.warn("Replying to a {} chat failed: {}", channel.provider(), e.getMessage());
                status.failed(channel.provider(), String.valueOf(e.getMessage()));
                return;
            }
        }
    }

    /** A file; when the provider refuses it (too large for it, say), its fallback text says where to get it. */
    private void document(ImChannel channel, String chatId, ImChannel.Document document) throws DeliveryException {
        try {
            channel.sendDocument(chatId, document);
        } catch (DeliveryException e) {
            if (e.retryable()) {
                throw e;
            }
            log.info("A {} chat could not take the file {}: {}", channel.provider(), document.name(), e.getMessage());
            for (ImChannel.Part part : channel.render(Outbound.plain(document.fallback()))) {
                channel.send(chatId, part);
            }
        }
    }

    private String language(String provider, String chatId) {
        return chats.find(provider, chatId).map(commands::language).orElseGet(commands::defaultLanguage);
    }

    /** A new chat starts in the sender's client language when it is Chinese, else in the default. */
    private static @Nullable String languageOf(@Nullable String hint) {
        return hint != null && hint.toLowerCase(Locale.ROOT).startsWith("zh") ? "zh" : null;
    }
}
