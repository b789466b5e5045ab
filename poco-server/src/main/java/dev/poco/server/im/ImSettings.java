package dev.poco.server.im;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.NotFoundException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The settings page's side: link codes, the caller's linked chats, provider status. */
@Service
class ImSettings {

    private final LinkCodes codes;
    private final ChatRepository chats;
    private final ProviderStatusRepository status;
    private final List<ImChannel> channels;
    private final ImProperties properties;

    ImSettings(LinkCodes codes, ChatRepository chats, ProviderStatusRepository status, List<ImChannel> channels,
            ImProperties properties) {
        this.properties = properties;
        this.codes = codes;
        this.chats = chats;
        this.status = status;
        this.channels = channels.stream().sorted(Comparator.comparing(ImChannel::provider)).toList();
    }

    @Transactional
    LinkCodeView createCode(Caller caller) {
        return codes.create(caller.userId());
    }

    @Transactional(readOnly = true)
    List<ChatLinkView> links(Caller caller) {
        return chats.linkedTo(caller.userId()).stream().map(ChatLinkView::of).toList();
    }

    @Transactional
    void revoke(Caller caller, UUID id) {
        if (!chats.unlink(id, caller.userId())) {
            throw new NotFoundException("Chat link not found: " + id);
        }
    }

    /** Sends a test message to one of the caller's linked chats (directly, not through the outbox). */
    void sendTest(Caller caller, UUID id) throws DeliveryException {
        ImChat chat = chats.find(id).filter(c -> caller.owns(String.valueOf(c.userId())))
                .orElseThrow(() -> new NotFoundException("Chat link not found: " + id));
        ImChannel channel = channels.stream().filter(c -> c.provider().equals(chat.provider()) && c.enabled())
                .findFirst().orElseThrow(() -> new ConflictException(ErrorCode.BAD_REQUEST,
                        chat.provider() + " is not configured"));
        String lang = chat.language() != null ? chat.language() : properties.defaultLanguage();
        for (ImChannel.Part part : channel.render(Outbound.plain(ChatText.TEST.in(lang)))) {
            channel.send(chat.chatId(), part);
        }
        status.ok(chat.provider());
    }

    /** Daily: inbound keys and used-up link codes older than a week go. */
    @Scheduled(fixedDelayString = "PT24H", initialDelayString = "PT1H")
    @Transactional
    void forgetOld() {
        chats.forgetOlderThan(7);
    }

    @Transactional(readOnly = true)
    List<ProviderView> providers() {
        return channels.stream().map(c -> ProviderView.of(c, status.find(c.provider()).orElse(null))).toList();
    }
}
