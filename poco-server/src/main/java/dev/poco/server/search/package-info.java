/**
 * Search: {@code GET /search}, poco's parameters and answer, on PostgreSQL full text instead of poco's substring match
 * on titles and previews. Session titles, project names and the whole text of messages are matched with the
 * {@code simple} configuration, every query word as a prefix, CJK text as character pairs (migration V40), ranked,
 * with a highlighted snippet, and scoped to the caller's non-deleted chat sessions and projects.
 * <ul>
 * <li>routes: {@code SearchController}; service: {@code SearchService}; SQL: {@code SearchRepository}, a read model
 * over the sessions', messages' and projects' tables and the {@code message_search} index kept by a trigger;</li>
 * <li>{@code Snippets}: the window of a text around the first match and the ranges to highlight.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common"})
@NullMarked
package dev.poco.server.search;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
