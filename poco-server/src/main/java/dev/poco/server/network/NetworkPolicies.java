package dev.poco.server.network;

import dev.poco.protocol.spec.HostPattern;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The network rules of the server side of the egress gate (issue 13): checks what users send, and decides the policy
 * a run gets. A run's config snapshot holds the <em>effective</em> policy under {@code network}, which the runner
 * reads with {@code ConfigSnapshotReader}: the session's choice if it made one, else the project's, else
 * {@code POCO_NETWORK_DEFAULT}; an allowlist is always the default allowlist plus the hosts the user named, so a
 * user adds hosts without repeating the registries.
 */
@Component
public class NetworkPolicies {

    /** Most hosts one task or project may add; the gate matches each connection against all of them. */
    public static final int MAX_HOSTS = 200;
    /** Longer than any host name (253) with a port or range; longer entries are not echoed back whole. */
    private static final int MAX_ENTRY_LENGTH = 300;

    private final NetworkProperties settings;

    public NetworkPolicies(NetworkProperties settings) {
        this.settings = settings;
    }

    /**
     * Checks a network config a user sent and returns it normalised: the mode in lower case, the hosts parsed,
     * normalised ({@code HostPattern.text()}) and without duplicates, and an empty host list for the modes that take
     * none.
     *
     * @throws BadRequestException naming what is wrong: the mode, a host pattern, hosts with a mode other than
     *     allowlist, or more than {@link #MAX_HOSTS} hosts
     */
    public NetworkConfig normalise(NetworkConfig sent) {
        if (sent.mode() == null || sent.mode().isBlank()) {
            throw new BadRequestException("network.mode is required: use none, allowlist or open.");
        }
        NetworkMode mode;
        try {
            mode = NetworkMode.parse(sent.mode());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(String.valueOf(e.getMessage()));
        }
        List<@Nullable String> hosts = sent.hosts() == null ? List.of() : sent.hosts();
        if (mode != NetworkMode.ALLOWLIST && !hosts.isEmpty()) {
            throw new BadRequestException("network.hosts only goes with mode \"allowlist\"; mode \"" + mode.wire()
                    + "\" takes no hosts.");
        }
        if (hosts.size() > MAX_HOSTS) {
            throw new BadRequestException("network.hosts may name at most " + MAX_HOSTS + " hosts; it names "
                    + hosts.size() + ".");
        }
        Set<String> normalised = new LinkedHashSet<>();
        for (String entry : hosts) {
            normalised.add(parse(entry).text());
        }
        return new NetworkConfig(mode.wire(), List.copyOf(normalised));
    }

    /**
     * Reads a network config from a raw JSON body (a PATCH) and normalises it.
     *
     * @param field the body's field, for the 422 of a value of the wrong type
     * @throws ValidationException when it is not an object with a string {@code mode} and a list of strings
     *     {@code hosts}
     * @throws BadRequestException as {@link #normalise(NetworkConfig)}
     */
    public NetworkConfig normalise(JsonNode sent, String field) {
        if (!sent.isObject()) {
            throw ValidationException.of(field,
                    "must be an object such as {\"mode\": \"allowlist\", \"hosts\": [\"pypi.org\"]}");
        }
        JsonNode mode = sent.get("mode");
        if (mode != null && !mode.isNull() && !mode.isString()) {
            throw ValidationException.of(field + ".mode", "must be none, allowlist or open");
        }
        JsonNode hosts = sent.get("hosts");
        List<@Nullable String> list = new ArrayList<>();
        if (hosts != null && !hosts.isNull()) {
            if (!hosts.isArray()) {
                throw ValidationException.of(field + ".hosts", "must be a list of host names");
            }
            for (JsonNode host : hosts) {
                if (!host.isString()) {
                    throw ValidationException.of(field + ".hosts", "must be a list of host names");
                }
                list.add(host.asString());
            }
        }
        return normalise(new NetworkConfig(mode == null || mode.isNull() ? null : mode.asString(), list));
    }

    private static HostPattern parse(@Nullable String entry) {
        if (entry != null && entry.length() > MAX_ENTRY_LENGTH) {
            throw new BadRequestException("Host pattern \"" + entry.substring(0, 40) + "…\" is not valid: it is"
                    + " longer than " + MAX_ENTRY_LENGTH + " characters.");
        }
        try {
            return HostPattern.parse(entry == null ? "" : entry);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(String.valueOf(e.getMessage()));
        }
    }

    /**
     * The policy a run gets, as its snapshot holds it: {@code {"mode":"none"}}, {@code {"mode":"open"}} or
     * {@code {"mode":"allowlist","hosts":[defaults…, the user's…]}}.
     *
     * @param chosen the session config's {@code network} (what the user sent with this or an earlier task); null,
     *     absent or JSON null when none was chosen. A value that cannot be read (a database written by something
     *     else) is no network, the safe reading of a policy we cannot understand.
     * @param project the session's project's network, null when it has none (or the session no project)
     */
    public ObjectNode effective(@Nullable JsonNode chosen, @Nullable NetworkConfig project) {
        NetworkConfig config;
        if (chosen != null && !chosen.isNull() && !chosen.isMissingNode()) {
            config = readStored(chosen);
        } else if (project != null) {
            config = project;
        } else {
            config = new NetworkConfig(settings.defaultMode(), List.of());
        }
        NetworkMode mode;
        List<String> own;
        try {
            NetworkConfig checked = normalise(config);
            mode = NetworkMode.parse(String.valueOf(checked.mode()));
            own = checked.hosts() == null ? List.of() : checked.hosts().stream().map(String::valueOf).toList();
        } catch (BadRequestException e) {
            mode = NetworkMode.NONE;
            own = List.of();
        }
        ObjectNode policy = JsonNodeFactory.instance.objectNode();
        policy.put("mode", mode.wire());
        if (mode == NetworkMode.ALLOWLIST) {
            Set<String> hosts = new LinkedHashSet<>(settings.allowlist());
            hosts.addAll(own);
            ArrayNode list = policy.putArray("hosts");
            hosts.forEach(list::add);
        }
        return policy;
    }

    /**
     * Replaces the {@code network} of a run's config snapshot (copied from its session's, so the user's choice) by the
     * effective policy. Every place that queues a run calls this, so no run reaches a runner with the user's
     * unmerged choice.
     */
    public void applyTo(ObjectNode runConfig, @Nullable NetworkConfig project) {
        runConfig.set("network", effective(runConfig.get("network"), project));
    }

    private static NetworkConfig readStored(JsonNode stored) {
        if (!stored.isObject() || !stored.path("mode").isString()) {
            return new NetworkConfig(NetworkMode.NONE.wire(), List.of());
        }
        List<@Nullable String> hosts = new ArrayList<>();
        for (JsonNode host : stored.path("hosts")) {
            hosts.add(host.isString() ? host.asString() : null);
        }
        return new NetworkConfig(stored.path("mode").asString(), hosts);
    }
}
