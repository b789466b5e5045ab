// The composer's modes (poco's task composer): a task runs now, a plan runs in plan mode (the agent proposes a
// plan for approval before it changes anything: `permission_mode: plan`), a scheduled one becomes a scheduled
// task instead of a run. Shift+Tab cycles through the modes the composer offers.

import type { MessageKey } from '../../i18n/en';

export type ComposerMode = 'task' | 'plan' | 'scheduled';

export const modeLabel: Record<ComposerMode, MessageKey> = {
  task: 'composer.mode.task',
  plan: 'composer.mode.plan',
  scheduled: 'composer.mode.scheduled',
};

export const modeHint: Record<ComposerMode, MessageKey> = {
  task: 'composer.modeHint.task',
  plan: 'composer.planHint',
  scheduled: 'composer.modeHint.scheduled',
};

/** The mode after `current` among `offered` (in that order), wrapping; the first one when `current` is not offered. */
export function nextMode(current: ComposerMode, offered: readonly ComposerMode[]): ComposerMode {
  const i = offered.indexOf(current);
  return offered[(i + 1) % offered.length] ?? 'task';
}

/** A GitHub repository a new task clones into its workspace (poco's repo_url, git_branch, git_token_env_key). */
export interface RepoChoice {
  url: string;
  branch: string;
  /** The name of one of the user's secrets holding a token, for private repositories. */
  tokenEnvKey: string | null;
}

export type ToolKind = 'mcp' | 'skill' | 'plugin';

/** Per-task choices of the user's enabled MCP servers, skills and plugins: target id → on/off. */
export type ToolChoices = Record<ToolKind, Record<number, boolean>>;

export const noToolChoices = (): ToolChoices => ({ mcp: {}, skill: {}, plugin: {} });

/** What a new task adds to `config` beyond the model, files and network, as poco's TaskConfig names it. */
export interface TaskExtras {
  repo_url?: string;
  git_branch?: string;
  git_token_env_key?: string;
  browser_enabled?: boolean;
  mcp_config?: Record<string, boolean>;
  skill_config?: Record<string, boolean>;
  plugin_config?: Record<string, boolean>;
}

const configKey: Record<ToolKind, 'mcp_config' | 'skill_config' | 'plugin_config'> = {
  mcp: 'mcp_config',
  skill: 'skill_config',
  plugin: 'plugin_config',
};

/**
 * The config fields for the choices made: only what the user set, so that the server's defaults (the user's
 * enabled installs, no browser, no repository) apply to the rest. A kind's toggles go as poco sends them:
 * `{"<id>": true|false}`.
 */
export function taskExtras(repo: RepoChoice | null, browser: boolean, tools: ToolChoices): TaskExtras {
  const extras: TaskExtras = {};
  if (repo && repo.url.trim()) {
    extras.repo_url = repo.url.trim();
    extras.git_branch = repo.branch.trim() || 'main';
    if (repo.tokenEnvKey) extras.git_token_env_key = repo.tokenEnvKey;
  }
  if (browser) extras.browser_enabled = true;
  for (const kind of ['mcp', 'skill', 'plugin'] as const) {
    const entries = Object.entries(tools[kind]);
    if (entries.length) extras[configKey[kind]] = Object.fromEntries(entries.map(([id, on]) => [id, on]));
  }
  return extras;
}

/** How many of the listed tools are switched off for this task. */
export function toolsOff(tools: ToolChoices): number {
  return (['mcp', 'skill', 'plugin'] as const).reduce((n, k) => n + Object.values(tools[k]).filter((on) => !on).length, 0);
}

/** `https://github.com/owner/repo(.git)` → `owner/repo`; anything else as typed. */
export function repoLabel(url: string): string {
  const m = /^https?:\/\/(?:www\.)?github\.com\/([^/\s]+\/[^/\s]+?)(?:\.git)?\/?$/i.exec(url.trim());
  return m ? m[1] : url.trim();
}

/** A repository URL the runner can clone: http(s) with a host and a path. */
export function isRepoUrl(url: string): boolean {
  try {
    const u = new URL(url.trim());
    return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname && u.pathname.replace(/\/+$/, '').length > 1;
  } catch {
    return false;
  }
}
