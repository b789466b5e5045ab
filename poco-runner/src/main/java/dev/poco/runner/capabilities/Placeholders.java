package dev.poco.runner.capabilities;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * poco's placeholder substitution ({@code executor_manager/app/services/config_resolver.py}): in every string of a
 * JSON value (object keys excepted), {@code ${VAR}} and {@code ${env:VAR}} become the variable's value and
 * {@code ${VAR:-default}} falls back to {@code default} (possibly empty) when the variable is not set. One pass:
 * a substituted value is never expanded again. A variable that is not set and has no default fails with a
 * {@link CapabilityException} naming it and where it is used, never with its value.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final String ENV_PREFIX = "env:";
    private static final String DEFAULT_SEPARATOR = ":-";

    private Placeholders() {}

    /**
     * @param value a JSON value; not changed
     * @param variables the user's environment variables by name
     * @param usedBy what holds the value, for the error message (e.g. {@code MCP server 'github'})
     * @return a copy with every placeholder substituted
     */
    static JsonNode substitute(JsonNode value, Map<String, String> variables, String usedBy) {
        if (value.isString()) {
            return JsonNodeFactory.instance.stringNode(substitute(value.asString(), variables, usedBy));
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> out.add(substitute(item, variables, usedBy)));
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            value.properties().forEach(field -> out.set(field.getKey(), substitute(field.getValue(), variables,
                    usedBy)));
            return out;
        }
        return value.deepCopy();
    }

    static String substitute(String text, Map<String, String> variables, String usedBy) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(out, Matcher.quoteReplacement(valueOf(placeholder.group(1), variables,
                    usedBy)));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    private static String valueOf(String token, Map<String, String> variables, String usedBy) {
        String name;
        String fallback = null;
        if (token.startsWith(ENV_PREFIX)) {
            name = token.substring(ENV_PREFIX.length());
        } else {
            int separator = token.indexOf(DEFAULT_SEPARATOR);
            name = separator < 0 ? token : token.substring(0, separator);
            fallback = separator < 0 ? null : token.substring(separator + DEFAULT_SEPARATOR.length());
        }
        String value = variables.get(name);
        if (value != null) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        throw new CapabilityException(usedBy + " needs the secret " + name + ": add it under Settings → Secrets");
    }
}
