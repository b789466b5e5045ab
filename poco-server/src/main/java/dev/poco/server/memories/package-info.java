/**
 * Memories: facts about a user that the agent keeps between sessions, in PostgreSQL, each with an owner that every
 * query filters by (poco kept them in mem0 over OpenAI, pgvector and neo4j, and checked no ownership).
 * <ul>
 * <li>routes: poco's {@code /memories} (the caller's) and {@code /internal/memories?session_id=} (the runner's, for
 * the session's owner), with mem0's shapes ({@code {"results":[…]}}), plus {@code /memories/settings}, the per-user
 * switch that decides whether runs get the {@code __poco_memory} tools;</li>
 * <li>creating from messages is a job ({@code memory_create_jobs}): the server's model ({@code llm.ServerModel})
 * extracts facts and compares them with the closest existing memories (add, update or skip), every outcome written
 * to {@code memory_history};</li>
 * <li>search is hybrid: PostgreSQL full text ({@code simple} configuration, CJK cut into bigrams by
 * {@code MemoryText}) and cosine similarity of all-MiniLM-L6-v2 embeddings computed in process
 * ({@code MemoryEmbeddings}, loaded on first use) over the caller's memories only, combined and explained;</li>
 * <li>API: {@code MemoryService#enabledFor}, read when a run is claimed;</li>
 * <li>tables: {@code memories}, {@code memory_history}, {@code user_memory_settings} (V39), {@code
 * memory_create_jobs} (V1).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "llm", "sessions"})
@NullMarked
package dev.poco.server.memories;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
