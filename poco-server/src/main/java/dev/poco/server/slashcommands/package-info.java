/**
 * Custom slash commands ({@code slash_commands}) as poco has them: a user's own {@code .md} command files, written
 * as raw markdown or as structured fields rendered into one, plus one alias command per enabled skill (the
 * suggestions of the composer and the files the runner stages into {@code .claude_data/commands/}).
 * <ul>
 * <li>routes: {@code /slash-commands} incl. {@code /suggestions} ({@code SlashCommandController}),
 * {@code POST /internal/slash-commands/resolve} ({@code InternalSlashCommandController}, runner token);</li>
 * <li>service: {@code SlashCommandService}; repositories: {@code SlashCommandRepository}, {@code EnabledSkills}
 * (reads the skills tables until the skills feature offers an API for it); rendering: {@code CommandMarkdown};</li>
 * <li>API: {@code SlashCommandService#resolve} (a run's setup, {@code runsetup}).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common"})
@NullMarked
package dev.poco.server.slashcommands;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
