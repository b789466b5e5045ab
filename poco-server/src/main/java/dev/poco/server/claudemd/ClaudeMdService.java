package dev.poco.server.claudemd;

import dev.poco.server.common.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Each user's CLAUDE.md (reference/poco-backend-api.md {@code claude_md.py}, §3.19): one row per user. */
@Service
public class ClaudeMdService {

    static final int MAX_BYTES = 65_536;

    private final ClaudeMdRepository settings;

    ClaudeMdService(ClaudeMdRepository settings) {
        this.settings = settings;
    }

    /** The user's CLAUDE.md as a run should stage it: staged only when {@code enabled}. */
    @Transactional(readOnly = true)
    public ClaudeMdView get(String userId) {
        return settings.find(userId).map(ClaudeMdView::of).orElse(ClaudeMdView.NONE);
    }

    @Transactional
    ClaudeMdView put(String userId, PutClaudeMdRequest request) {
        String content = request.content() == null ? "" : request.content();
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new BadRequestException("CLAUDE.md is too large (max " + MAX_BYTES + " bytes)",
                    Map.of("max_bytes", MAX_BYTES, "actual_bytes", bytes));
        }
        boolean enabled = request.enabled() == null || request.enabled();
        return ClaudeMdView.of(settings.upsert(userId, enabled, content));
    }

    @Transactional
    void delete(String userId) {
        settings.delete(userId);
    }
}
