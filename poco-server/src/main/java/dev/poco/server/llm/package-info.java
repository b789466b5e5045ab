/**
 * The server's own model calls (session titles, memory extraction): one Messages API request at a time through
 * the configured Anthropic endpoint ({@code ANTHROPIC_BASE_URL} with {@code ANTHROPIC_API_KEY} or
 * {@code ANTHROPIC_AUTH_TOKEN}), model {@code POCO_SERVER_MODEL} (default {@code DEFAULT_MODEL}, as poco's title
 * service uses). Agent runs never come here: they go through the runner's gateway.
 * <ul>
 * <li>no routes, no table, no events;</li>
 * <li>API: {@code ServerModel}, {@code ServerModelException}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"common"})
@NullMarked
package dev.poco.server.llm;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
