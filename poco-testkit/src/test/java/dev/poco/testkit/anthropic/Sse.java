package dev.poco.testkit.anthropic;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A strict little SSE parser for the tests: {@code event:} + {@code data:} lines, blank-line separated. */
final class Sse {

    record Event(String name, JsonNode data) {

        String type() {
            return data.path("type").asString("");
        }
    }

    private Sse() {}

    static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        for (String chunk : body.split("\n\n")) {
            if (chunk.isBlank()) {
                continue;
            }
            String[] lines = chunk.split("\n");
            if (lines.length != 2 || !lines[0].startsWith("event: ") || !lines[1].startsWith("data: ")) {
                throw new AssertionError("not an SSE event: " + chunk);
            }
            events.add(new Event(lines[0].substring(7), Json.MAPPER.readTree(lines[1].substring(6))));
        }
        return events;
    }

    static List<String> names(List<Event> events) {
        return events.stream().map(Event::name).toList();
    }
}
