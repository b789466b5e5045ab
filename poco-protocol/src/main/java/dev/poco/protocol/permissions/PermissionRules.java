package dev.poco.protocol.permissions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules one run works under, as Claude Code's {@code permissions} settings block: {@code deny}
 * wins over {@code ask}, {@code ask} over {@code allow} (the CLI's own precedence). The runner passes
 * them to the CLI with {@code --settings}; the CLI refuses denied tool calls itself and sends
 * {@code can_use_tool} with {@code decision_reason_type: "rule"} for asked ones (verified with CLI 2.1.197 in
 * every permission mode, including {@code bypassPermissions}).
 *
 * @param allow rules the user allowed; the runner also consults them before asking, since an ask rule
 *     outranks an allow rule inside the CLI
 * @param ask rules that need the user's yes for each matching call
 * @param deny rules the agent may never pass
 */
public record PermissionRules(List<String> allow, List<String> ask, List<String> deny) {

    public static final PermissionRules NONE = new PermissionRules(List.of(), List.of(), List.of());

    @SuppressWarnings("ConstantConditions")
    public PermissionRules {
        allow = allow == null ? List.of() : List.copyOf(allow);
        ask = ask == null ? List.of() : List.copyOf(ask);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }

    public boolean isEmpty() {
        return allow.isEmpty() && ask.isEmpty() && deny.isEmpty();
    }

    /** These rules plus one more allow rule (an "always allow" answer during the run). */
    public PermissionRules withAllow(String rule) {
        if (allow.contains(rule)) {
            return this;
        }
        List<String> more = new ArrayList<>(allow);
        more.add(rule);
        return new PermissionRules(more, ask, deny);
    }

    /** The first allow rule that covers this call, if any. */
    public boolean allows(String toolName, Map<String, ?> input) {
        return allow.stream().map(ToolRule::tryParse).anyMatch(r -> r != null && r.matches(toolName, input));
    }

    /** Claude Code's settings object: {@code {"permissions": {"allow": [...], "ask": [...], "deny": [...]}}}. */
    public Map<String, Object> asSettings() {
        Map<String, Object> permissions = new LinkedHashMap<>();
        permissions.put("allow", allow);
        permissions.put("ask", ask);
        permissions.put("deny", deny);
        return Map.of("permissions", permissions);
    }
}
