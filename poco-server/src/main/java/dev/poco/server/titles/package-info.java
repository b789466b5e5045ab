/**
 * Session titles (reference §3.9): after the first prompt of a new session the server's model is asked for a title of
 * at most ten words in the user's language, off the request thread once the task has committed; the answer is
 * stripped of punctuation and symbols and written only if the session is still untitled, which pushes
 * {@code session.updated} to the UI. Failures are logged and never touch the run; the title then falls back to the
 * prompt's first line. Without model credentials the fallback is the title from the start.
 * <ul>
 * <li>API: {@link dev.poco.server.titles.SessionTitles} ({@code initial}, {@code generateAfterCommit}), used by tasks;</li>
 * <li>{@code TitleText}: poco's post-processing and the prompt's first line.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"common", "llm", "sessions"})
@NullMarked
package dev.poco.server.titles;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
