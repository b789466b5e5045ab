// Wire types and calls for the capability endpoints (MCP servers, skills, plugins, installs, imports,
// slash commands, subagents, CLAUDE.md, env vars), written by hand from poco's contract
// (shared reference poco-backend-api.md, §2 and §3.13–3.19) while the server side is being built.
// TODO: once the server lands and openapi.json has these paths, build these types from
// schema.d.ts in types.ts (as for sessions) and delete the hand-written ones here.

import { del, get, patch, post, request } from './client';

const V1 = '/api/v1';

export type Scope = 'system' | 'user';

export interface SourceInfo {
  kind: 'github' | 'zip' | 'system' | 'manual' | 'unknown';
  repo?: string | null;
  url?: string | null;
  ref?: string | null;
  filename?: string | null;
}

export interface McpServer {
  id: number;
  name: string;
  /** Normalised: `{mcpServers: {<key>: <definition>}}` with exactly one server. */
  server_config: Record<string, unknown>;
  scope: Scope;
  owner_user_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface Skill {
  id: number;
  name: string;
  entry: Record<string, unknown>;
  source: SourceInfo | null;
  scope: Scope;
  owner_user_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface Plugin extends Skill {
  description: string | null;
  version: string | null;
  manifest: Record<string, unknown> | null;
}

/** One user's install of an MCP server, skill or plugin: only `enabled` ones are used by default. */
export interface Install {
  id: number;
  user_id: string;
  server_id?: number;
  skill_id?: number;
  plugin_id?: number;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export type CommandMode = 'raw' | 'structured';

export interface SlashCommand {
  id: number;
  user_id: string;
  name: string;
  enabled: boolean;
  mode: CommandMode;
  description: string | null;
  argument_hint: string | null;
  allowed_tools: string | null;
  content: string | null;
  raw_markdown: string | null;
  created_at: string;
  updated_at: string;
}

export interface SlashCommandInput {
  name?: string;
  enabled?: boolean;
  mode?: CommandMode;
  description?: string | null;
  argument_hint?: string | null;
  allowed_tools?: string | null;
  content?: string | null;
  raw_markdown?: string | null;
}

export interface SlashSuggestion {
  name: string;
  description: string | null;
  argument_hint: string | null;
  source: 'custom' | 'skill';
}

export interface Subagent {
  id: number;
  user_id: string;
  name: string;
  enabled: boolean;
  mode: CommandMode;
  description: string | null;
  prompt: string | null;
  tools: string[] | null;
  model: null;
  raw_markdown: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubagentInput {
  name?: string;
  enabled?: boolean;
  mode?: CommandMode;
  description?: string | null;
  prompt?: string | null;
  tools?: string[] | null;
  raw_markdown?: string | null;
}

export interface ClaudeMd {
  /** Effective: the stored flag and non-blank content. */
  enabled: boolean;
  content: string;
  updated_at: string | null;
}

/** User endpoints never return a value: only whether one is set. */
export interface EnvVar {
  id: number;
  user_id: string;
  key: string;
  description: string | null;
  scope: Scope;
  is_set: boolean;
  created_at: string;
  updated_at: string;
}

/** Poco's own (`/permission-rules`): a rule in Claude Code's syntax, for all sessions or one project. */
export type RuleBehavior = 'allow' | 'ask' | 'deny';
export interface PermissionRule {
  id: number;
  project_id: string | null;
  behavior: RuleBehavior;
  rule: string;
  created_at: string;
}

export type ImportKind = 'skills' | 'plugins';

export interface ImportCandidate {
  relative_path: string;
  skill_name?: string | null;
  plugin_name?: string | null;
  version?: string | null;
  description?: string | null;
  requires_name: boolean;
  will_overwrite: boolean;
}

export interface ImportDiscovery {
  archive_key: string;
  candidates: ImportCandidate[];
}

export interface ImportSelection {
  relative_path: string;
  name_override?: string;
}

export interface ImportResultItem {
  relative_path: string;
  skill_name?: string | null;
  skill_id?: number | null;
  plugin_name?: string | null;
  plugin_id?: number | null;
  overwritten: boolean;
  status: 'success' | 'failed';
  error: string | null;
}

export interface ImportJob {
  job_id: string;
  status: 'queued' | 'running' | 'success' | 'failed';
  progress: number;
  result: { items: ImportResultItem[] } | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** The three kinds a user installs (and toggles) rather than owns outright. */
export type InstallKind = 'mcp' | 'skill' | 'plugin';

const installBase: Record<InstallKind, string> = {
  mcp: `${V1}/mcp-installs`,
  skill: `${V1}/skill-installs`,
  plugin: `${V1}/plugin-installs`,
};
export const installTargetField = { mcp: 'server_id', skill: 'skill_id', plugin: 'plugin_id' } as const;

export const capApi = {
  mcpServers: () => get<McpServer[]>(`${V1}/mcp-servers`),
  createMcpServer: (body: { name: string; server_config: unknown }) => post<McpServer>(`${V1}/mcp-servers`, body),
  updateMcpServer: (id: number, body: { name?: string; server_config?: unknown }) =>
    patch<McpServer>(`${V1}/mcp-servers/${id}`, body),
  deleteMcpServer: (id: number) => del<unknown>(`${V1}/mcp-servers/${id}`),

  skills: () => get<Skill[]>(`${V1}/skills`),
  createSkill: (body: { name: string; entry: unknown }) => post<Skill>(`${V1}/skills`, body),
  updateSkill: (id: number, body: { name?: string; entry?: unknown }) => patch<Skill>(`${V1}/skills/${id}`, body),
  deleteSkill: (id: number) => del<unknown>(`${V1}/skills/${id}`),

  plugins: () => get<Plugin[]>(`${V1}/plugins`),
  createPlugin: (body: { name: string; entry: unknown; description?: string | null; version?: string | null }) =>
    post<Plugin>(`${V1}/plugins`, body),
  updatePlugin: (id: number, body: { name?: string; entry?: unknown; description?: string | null; version?: string | null }) =>
    patch<Plugin>(`${V1}/plugins/${id}`, body),
  deletePlugin: (id: number) => del<unknown>(`${V1}/plugins/${id}`),

  installs: (kind: InstallKind) => get<Install[]>(installBase[kind]),
  install: (kind: InstallKind, targetId: number, enabled: boolean) =>
    post<Install>(installBase[kind], { [installTargetField[kind]]: targetId, enabled }),
  setInstall: (kind: InstallKind, installId: number, enabled: boolean) =>
    patch<Install>(`${installBase[kind]}/${installId}`, { enabled }),
  /** `installIds` null = every install of the caller. */
  bulkInstalls: (kind: InstallKind, enabled: boolean, installIds: number[] | null) =>
    patch<{ updated_count: number }>(`${installBase[kind]}/bulk`, { enabled, install_ids: installIds }),

  /** Exactly one of a zip file or a GitHub URL. */
  discoverImport: (kind: ImportKind, source: { file: File } | { githubUrl: string }) => {
    const form = new FormData();
    if ('file' in source) form.append('file', source.file, source.file.name);
    else form.append('github_url', source.githubUrl);
    return request<ImportDiscovery>('POST', `${V1}/${kind}/import/discover`, { form, timeoutMs: 10 * 60_000 }).then(
      (r) => r.data,
    );
  },
  commitImport: (kind: ImportKind, archiveKey: string, selections: ImportSelection[]) =>
    post<{ job_id: string; status: string }>(`${V1}/${kind}/import/commit`, { archive_key: archiveKey, selections }),
  importJob: (kind: ImportKind, jobId: string) =>
    get<ImportJob>(`${V1}/${kind}/import/jobs/${encodeURIComponent(jobId)}`),

  slashCommands: () => get<SlashCommand[]>(`${V1}/slash-commands`),
  slashSuggestions: () => get<SlashSuggestion[]>(`${V1}/slash-commands/suggestions`),
  createSlashCommand: (body: SlashCommandInput) => post<SlashCommand>(`${V1}/slash-commands`, body),
  updateSlashCommand: (id: number, body: SlashCommandInput) => patch<SlashCommand>(`${V1}/slash-commands/${id}`, body),
  deleteSlashCommand: (id: number) => del<unknown>(`${V1}/slash-commands/${id}`),

  subagents: () => get<Subagent[]>(`${V1}/subagents`),
  createSubagent: (body: SubagentInput) => post<Subagent>(`${V1}/subagents`, body),
  updateSubagent: (id: number, body: SubagentInput) => patch<Subagent>(`${V1}/subagents/${id}`, body),
  deleteSubagent: (id: number) => del<unknown>(`${V1}/subagents/${id}`),

  claudeMd: () => get<ClaudeMd>(`${V1}/claude-md`),
  saveClaudeMd: (body: { enabled: boolean; content: string }) =>
    request<ClaudeMd>('PUT', `${V1}/claude-md`, { body }).then((r) => r.data),
  deleteClaudeMd: () => del<unknown>(`${V1}/claude-md`),

  envVars: () => get<EnvVar[]>(`${V1}/env-vars`),
  createEnvVar: (body: { key: string; value: string; description?: string }) => post<EnvVar>(`${V1}/env-vars`, body),
  updateEnvVar: (id: number, body: { value?: string; description?: string }) => patch<EnvVar>(`${V1}/env-vars/${id}`, body),
  deleteEnvVar: (id: number) => del<unknown>(`${V1}/env-vars/${id}`),

  /** `projectId` given: the user-wide rules and that project's. */
  permissionRules: (projectId?: string | null) =>
    get<PermissionRule[]>(`${V1}/permission-rules${projectId ? `?project_id=${encodeURIComponent(projectId)}` : ''}`),
  createPermissionRule: (body: { behavior: RuleBehavior; rule: string; project_id: string | null }) =>
    post<PermissionRule>(`${V1}/permission-rules`, body),
  deletePermissionRule: (id: number) => del<unknown>(`${V1}/permission-rules/${id}`),
};

export const capKeys = {
  all: ['capabilities'] as const,
  mcpServers: ['capabilities', 'mcp-servers'] as const,
  skills: ['capabilities', 'skills'] as const,
  plugins: ['capabilities', 'plugins'] as const,
  installs: (kind: InstallKind) => ['capabilities', 'installs', kind] as const,
  slashCommands: ['capabilities', 'slash-commands'] as const,
  /** Not under `capabilities`: the composer keeps it; every capability change invalidates it too. */
  slashSuggestions: ['slash-suggestions'] as const,
  subagents: ['capabilities', 'subagents'] as const,
  claudeMd: ['capabilities', 'claude-md'] as const,
  envVars: ['capabilities', 'env-vars'] as const,
  permissionRules: (projectId: string | null) => ['capabilities', 'permission-rules', projectId ?? ''] as const,
  /** Not under `capabilities`: the reload at the job's end must not poll it once more. */
  importJob: (kind: ImportKind, id: string) => ['import-job', kind, id] as const,
};
