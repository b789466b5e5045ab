package dev.poco.server.mcp;

import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * poco's MCP server config normalisation (reference §3.16). The input is either the wrapper
 * {@code {"mcpServers": {"<key>": def}, ...}} with exactly one server, or a bare definition (its key
 * is then the default key). {@code type} is lower-cased or inferred ({@code command} → stdio,
 * {@code url} → http); {@code http} needs an http(s) {@code url} and string {@code headers};
 * {@code stdio} a non-blank {@code command}, string {@code args} and string {@code env}. Unknown
 * fields are kept. Every problem is collected as {@code {path, message}}; the first one is the
 * error message of MCP_SERVER_INVALID_CONFIG.
 */
final class McpConfigs {

    static final String WRAPPER = "mcpServers";
    /** Keys the runner gives its own servers (memory, browser). */
    static final String RESERVED_PREFIX = "__poco_";
    private static final Set<String> TYPES = Set.of("stdio", "http");

    private final List<Map<String, String>> errors = new ArrayList<>();

    private McpConfigs() {}

    /**
     * The normalised wrapper, or MCP_SERVER_INVALID_CONFIG listing what is wrong.
     *
     * @param defaultKey the key of a bare definition
     */
    static ObjectNode normalize(@Nullable JsonNode config, String defaultKey) {
        McpConfigs check = new McpConfigs();
        ObjectNode result = check.wrapper(config, defaultKey);
        if (!check.errors.isEmpty()) {
            throw new BadRequestException(ErrorCode.MCP_SERVER_INVALID_CONFIG,
                    "Invalid MCP server config: " + check.errors.getFirst().get("message"),
                    Map.of("errors", check.errors));
        }
        return result;
    }

    private ObjectNode wrapper(@Nullable JsonNode config, String defaultKey) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        if (config == null || !config.isObject()) {
            error("server_config", "server_config must be a JSON object (a server definition or {\"mcpServers\": "
                    + "{\"<name>\": {...}}})");
            return result;
        }
        String key;
        JsonNode definition;
        if (config.has(WRAPPER)) {
            JsonNode servers = config.get(WRAPPER);
            config.properties().forEach(e -> {
                if (!e.getKey().equals(WRAPPER)) {
                    result.set(e.getKey(), e.getValue());
                }
            });
            if (!servers.isObject() || servers.size() != 1) {
                error(WRAPPER, servers.isObject() ? "mcpServers must hold exactly one server, found " + servers.size()
                        : "mcpServers must be an object holding exactly one server");
                return result;
            }
            var only = servers.properties().iterator().next();
            key = only.getKey();
            definition = only.getValue();
        } else {
            key = defaultKey;
            definition = config;
        }
        key = key.strip();
        String path = WRAPPER + "." + key;
        if (key.isEmpty()) {
            error(WRAPPER, "the server name must not be empty");
        } else if (key.startsWith(RESERVED_PREFIX)) {
            error(path, "server name '" + key + "' is reserved: names starting with " + RESERVED_PREFIX
                    + " belong to Poco's built-in servers");
        }
        ObjectNode servers = result.putObject(WRAPPER);
        if (!definition.isObject()) {
            error(path, "the definition of '" + key + "' must be a JSON object");
            return result;
        }
        servers.set(key, definition(key, path, (ObjectNode) definition.deepCopy()));
        return result;
    }

    private ObjectNode definition(String key, String path, ObjectNode def) {
        JsonNode typeNode = def.get("type");
        String type;
        if (typeNode == null || typeNode.isNull()) {
            if (def.has("command")) {
                type = "stdio";
            } else if (def.has("url")) {
                type = "http";
            } else {
                error(path, "MCP server '" + key + "' needs a \"command\" (stdio) or a \"url\" (http)");
                return def;
            }
        } else if (!typeNode.isString()) {
            error(path + ".type", "MCP server '" + key + "': type must be a string (stdio or http)");
            return def;
        } else {
            type = typeNode.asString().strip().toLowerCase(Locale.ROOT);
        }
        if (type.equals("sse")) {
            error(path + ".type", "SSE transport is deprecated and is no longer supported");
            return def;
        }
        if (!TYPES.contains(type)) {
            error(path + ".type", "MCP server '" + key + "': type '" + type + "' is not supported (use stdio or http)");
            return def;
        }
        def.put("type", type);
        if (type.equals("http")) {
            JsonNode url = def.get("url");
            if (url == null || !url.isString() || !(url.asString().strip().startsWith("http://")
                    || url.asString().strip().startsWith("https://"))) {
                error(path + ".url", "MCP server '" + key + "': url must be a string starting with http:// or https://");
            } else {
                def.put("url", url.asString().strip());
            }
            stringMap(def, "headers", key, path, true);
        } else {
            JsonNode command = def.get("command");
            if (command == null || !command.isString() || command.asString().isBlank()) {
                error(path + ".command", "MCP server '" + key + "': command must be a non-empty string");
            } else {
                def.put("command", command.asString().strip());
            }
            JsonNode args = def.get("args");
            if (args != null && !args.isNull()) {
                boolean strings = args.isArray();
                for (JsonNode arg : args) {
                    strings &= arg.isString();
                }
                if (!strings) {
                    error(path + ".args", "MCP server '" + key + "': args must be a list of strings");
                }
            }
            stringMap(def, "env", key, path, false);
        }
        return def;
    }

    private void stringMap(ObjectNode def, String field, String key, String path, boolean trimNames) {
        JsonNode map = def.get(field);
        if (map == null || map.isNull()) {
            return;
        }
        if (!map.isObject()) {
            error(path + "." + field, "MCP server '" + key + "': " + field + " must be an object of strings");
            return;
        }
        ObjectNode normalized = JsonNodeFactory.instance.objectNode();
        map.properties().forEach(e -> {
            String name = trimNames ? e.getKey().strip() : e.getKey();
            if (name.isEmpty()) {
                error(path + "." + field, "MCP server '" + key + "': " + field + " names must not be empty");
            } else if (!e.getValue().isString()) {
                error(path + "." + field + "." + name, "MCP server '" + key + "': " + field + " value of '" + name
                        + "' must be a string");
            } else {
                normalized.set(name, e.getValue());
            }
        });
        def.set(field, normalized);
    }

    private void error(String path, String message) {
        errors.add(Map.of("path", path, "message", message));
    }
}
