/**
 * {@code ./poco import-poco}: brings a team over from poco (the Python platform Poco reimplements) by reading a poco
 * backend's PostgreSQL (reference/poco-backend-data.md) and, optionally, its S3 bucket, and writing the rows into
 * Poco's database in one transaction: projects, sessions with their messages, runs, tool executions and usage,
 * scheduled tasks, MCP servers, skills, plugins and their installs, slash commands, subagents, CLAUDE.md settings
 * and env vars (poco's Fernet values decrypted with its {@code SECRET_KEY}, sealed again with Poco's key).
 * {@code poco_import_map} (V54) remembers what came over, so a second run imports nothing twice. Plain JDBC, no
 * application context, like {@code ./poco db}. Entry point: {@link dev.poco.server.pocoimport.PocoImportCommand}.
 */
@ApplicationModule(allowedDependencies = {"envvars", "storage", "system"})
@NullMarked
package dev.poco.server.pocoimport;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
