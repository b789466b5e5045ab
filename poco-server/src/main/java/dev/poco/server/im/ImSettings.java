package dev.poco.server.im;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.NotFoundException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The settings page's side: link codes, the caller's linked chats, provider status. */
@Service
class ImSettings {

    private final LinkCodes codes;
    private final ChatRepository chats;
    private final ProviderStatusRepository status;
    private final List<ImChannel> channels;

    ImSettings(LinkCodes codes, ChatRepository chats, ProviderStatusRepository status, List<ImChannel> channels) {
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

    @Transactional(readOnly = true)
    List<ProviderView> providers() {
        return channels.stream().map(c -> ProviderView.of(c, status.find(c.provider()).orElse(null))).toList();
    }
}
