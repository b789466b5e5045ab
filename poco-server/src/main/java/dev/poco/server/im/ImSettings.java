package dev.poco.server.im;

import dev.poco.server.auth.AuthMode;
import dev.poco.server.auth.AuthProperties;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.projects.Project;
import dev.poco.server.projects.ProjectService;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The settings page's side: link codes (optionally for a project), the caller's linked chats, provider status,
 * credentials and switches. Credentials and switches are the server's, not a user's: only {@code POCO_IM_ADMINS}
 * (or, with none listed, the single user of {@code single_user} mode) may change them.
 */
@Service
class ImSettings {

    private final LinkCodes codes;
    private final ChatRepository chats;
    private final ProviderStatusRepository status;
    private final List<ImChannel> channels;
    private final ImProperties properties;
    private final ImCredentials credentials;
    private final ProjectService projects;
    private final AuthProperties auth;

    ImSettings(LinkCodes codes, ChatRepository chats, ProviderStatusRepository status, List<ImChannel> channels,
            ImProperties properties, ImCredentials credentials, ProjectService projects, AuthProperties auth) {
        this.properties = properties;
        this.credentials = credentials;
        this.projects = projects;
        this.auth = auth;
        this.codes = codes;
        this.chats = chats;
        this.status = status;
        this.channels = channels.stream().sorted(Comparator.comparing(ImChannel::provider)).toList();
    }

    @Transactional
    LinkCodeView createCode(Caller caller, @Nullable UUID projectId) {
        if (projectId != null) {
            projects.require(caller, projectId);
        }
        return codes.create(caller.userId(), projectId);
    }

    @Transactional(readOnly = true)
    List<ChatLinkView> links(Caller caller) {
        return chats.linkedTo(caller.userId()).stream().map(c -> view(caller, c)).toList();
    }

    /** Sets (or with null clears) the project new tasks from one of the caller's chats go to. */
    @Transactional
    ChatLinkView setProject(Caller caller, UUID id, @Nullable UUID projectId) {
        ImChat chat = owned(caller, id);
        if (projectId != null) {
            projects.require(caller, projectId);
        }
        chats.setProject(chat.id(), projectId);
        return view(caller, owned(caller, id));
    }

    private ChatLinkView view(Caller caller, ImChat chat) {
        String name = chat.projectId() == null ? null
                : projects.find(caller.userId(), chat.projectId()).map(Project::name).orElse(null);
        return ChatLinkView.of(chat, name);
    }

    private ImChat owned(Caller caller, UUID id) {
        return chats.find(id).filter(c -> c.userId() != null && caller.owns(c.userId()))
                .orElseThrow(() -> new NotFoundException("Chat link not found: " + id));
    }

    /** Stores credential fields of a provider (a blank value removes that field). */
    void storeCredentials(Caller caller, String provider, @Nullable Map<String, @Nullable String> values) {
        ImChannel channel = manageable(caller, provider);
        if (values == null || values.isEmpty()) {
            throw new BadRequestException("values must name at least one of " + channel.credentialFields());
        }
        Map<String, String> clean = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            if (!channel.credentialFields().contains(field)) {
                throw new BadRequestException("Unknown " + provider + " credential: " + field + " (expected one of "
                        + channel.credentialFields() + ")");
            }
            if (value != null && value.length() > 4096) {
                throw new BadRequestException(field + " is longer than 4096 characters");
            }
            if (value != null && value.chars().anyMatch(Character::isISOControl)) {
                throw new BadRequestException(field + " must not contain control characters");
            }
            clean.put(field, value == null ? "" : value);
        });
        credentials.store(provider, clean, caller.userId());
    }

    void clearCredentials(Caller caller, String provider) {
        manageable(caller, provider);
        credentials.clear(provider);
    }

    void switchOn(Caller caller, String provider, boolean on) {
        manageable(caller, provider);
        credentials.switchOn(provider, on);
    }

    boolean canManage(Caller caller) {
        return properties.admins().isEmpty() ? auth.mode() == AuthMode.SINGLE_USER
                : properties.admins().contains(caller.userId());
    }

    private ImChannel manageable(Caller caller, String provider) {
        ImChannel channel = channels.stream().filter(c -> c.provider().equals(provider)).findFirst()
                .orElseThrow(() -> new NotFoundException("Unknown chat provider: " + provider));
        if (!canManage(caller)) {
            throw new ForbiddenException("Only chat app administrators (POCO_IM_ADMINS) may change " + provider
                    + " settings");
        }
        return channel;
    }

    @Transactional
    void revoke(Caller caller, UUID id) {
        if (!chats.unlink(id, caller.userId())) {
            throw new NotFoundException("Chat link not found: " + id);
        }
    }

    /** Sends a test message to one of the caller's linked chats (directly, not through the outbox). */
    void sendTest(Caller caller, UUID id) throws DeliveryException {
        ImChat chat = owned(caller, id);
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
    List<ProviderView> providers(Caller caller) {
        boolean manage = canManage(caller);
        return channels.stream().map(c -> ProviderView.of(c, status.find(c.provider()).orElse(null),
                credentials.switchedOn(c.provider()), credentials.configuredFields(c),
                credentials.storedFields(c.provider()), manage)).toList();
    }
}
