/**
 * Poco's control plane: the poco-compatible REST API under {@code /api/v1}, the run queue, the callback receiver and
 * the session event log. One package per feature, each owning its routes, service, repository and events; other
 * features use only its top-level public types. {@code ModularityTests} verifies the graph (acyclic, API only, and
 * the {@code allowedDependencies} a package declares).
 * <pre>
 * sessions       agent_sessions: CRUD and PATCH routes, ownership check, typed writes (SessionPatch)
 * runs           agent_runs: claim/start/fail/heartbeat/watch routes, the reaper, RunLifecycle (every run and
 *                session status transition), RunAbandoned
 * tasks          POST /tasks: prompt, config snapshot, queued run
 * conversations  cancel, delete, branch, regenerate, edit, messages-with-files (above runs, messages, tools, questions)
 * callbacks      POST /callback(s): a runner's progress, applied in one transaction
 * messages       agent_messages and their routes
 * tools          tool_executions and their routes
 * questions      user_input_requests: AskUserQuestion / ExitPlanMode waiting for the user
 * events         session_events: the per-session event log (append in the changing transaction, NOTIFY on commit)
 * stream         SSE: /sessions/{id}/events and /events
 * projects       projects; ProjectDeleted
 * usage          usage logs per run and session
 * workspace      a session's files as the user sees them
 * attachments    uploaded input files
 * models         DEFAULT_MODEL, MODEL_LIST, /system/status
 * envvars        user_env_vars: write-only secrets (AES-256-GCM; poco's Fernet readable), system vars, the runner's map
 * claudemd       user_claude_md_settings: the user's CLAUDE.md
 * mcp            mcp_servers, user_mcp_installs, /internal/mcp-config/resolve
 * slashcommands  slash_commands, suggestions (custom commands and skill aliases), /internal/slash-commands/resolve
 * subagents      sub_agents, /internal/subagents/resolve
 * imports        skills and plugins alike: catalog, installs, zip/GitHub import jobs, packages for runners
 * skills, plugins  poco's routes and views over imports
 * permissions    permission_rules: allow/ask/deny in Claude Code's syntax, per user or project, served to runs
 * network        POCO_NETWORK_DEFAULT/ALLOWLIST, the network config users send, each run's effective policy
 * networkevents  run_network_events: connections runs' egress gates saw, /internal/runs/{id}/network-events
 * localfolders   POCO_LOCAL_FOLDERS, the folders tasks attach, review and merge of a session's git worktree
 * auth, common, system   open infrastructure: caller, envelope and errors, JSON, NOTIFY hub, database, filters
 * </pre>
 * Cross-module events that must not be lost ({@code ProjectDeleted}, {@code RunAbandoned}) go through Spring
 * Modulith's JDBC event publication registry ({@code event_publication}), resubmitted at start when incomplete.
 */
@NullMarked
package dev.poco.server;

import org.jspecify.annotations.NullMarked;
