package dev.poco.runner.claude.message;

import java.util.List;

/** A user message's content: the CLI sends either a plain string or a list of blocks. */
public sealed interface UserContent {

    record Text(String text) implements UserContent {}

    record Blocks(List<ContentBlock> blocks) implements UserContent {
        public Blocks {
            blocks = List.copyOf(blocks);
        }
    }
}
