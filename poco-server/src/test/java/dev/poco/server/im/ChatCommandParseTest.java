package dev.poco.server.im;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatCommandParseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/help|/help|''",
        "/HELP|/help|''",
        "/new@PocoBot write tests|/new|write tests",
        "／list 5|/list|5",
        "  /answer  abc {\"a\": 1}  |/answer|abc {\"a\": 1}",
        "hello there|text|hello there",
        "''|''|''",
    })
    void commandsAreParsedAsPocoDoes(String raw, String name, String args) {
        ChatCommands.Command command = ChatCommands.Command.parse(raw);
        assertThat(command.name()).isEqualTo(name);
        assertThat(command.args()).isEqualTo(args);
    }
}
