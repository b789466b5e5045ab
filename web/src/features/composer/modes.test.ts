import { describe, expect, it } from 'vitest';
import { isRepoUrl, nextMode, noToolChoices, repoLabel, taskExtras, toolsOff } from './modes';

describe('composer modes', () => {
  it('cycles through the offered modes and wraps', () => {
    expect(nextMode('task', ['task', 'plan', 'scheduled'])).toBe('plan');
    expect(nextMode('plan', ['task', 'plan', 'scheduled'])).toBe('scheduled');
    expect(nextMode('scheduled', ['task', 'plan', 'scheduled'])).toBe('task');
    expect(nextMode('plan', ['task', 'plan'])).toBe('task');
    // a mode the composer does not offer (any more) starts over at the first
    expect(nextMode('scheduled', ['task', 'plan'])).toBe('task');
  });

  it('puts only the choices made into the task config, as poco names them', () => {
    expect(taskExtras(null, false, noToolChoices())).toEqual({});
    expect(
      taskExtras({ url: ' https://github.com/a/b ', branch: ' ', tokenEnvKey: null }, true, {
        mcp: { 3: false, 4: true },
        skill: {},
        plugin: { 9: false },
      }),
    ).toEqual({
      repo_url: 'https://github.com/a/b',
      git_branch: 'main',
      browser_enabled: true,
      mcp_config: { 3: false, 4: true },
      plugin_config: { 9: false },
    });
    expect(toolsOff({ mcp: { 3: false, 4: true }, skill: { 1: false }, plugin: {} })).toBe(2);
  });

  it('knows a cloneable URL and shortens GitHub ones', () => {
    expect(isRepoUrl('https://github.com/acme/site')).toBe(true);
    expect(isRepoUrl('http://git.example.com/team/repo.git')).toBe(true);
    expect(isRepoUrl('github.com/acme/site')).toBe(false);
    expect(isRepoUrl('https://github.com/')).toBe(false);
    expect(isRepoUrl('file:///etc/passwd')).toBe(false);
    expect(repoLabel('https://github.com/acme/site.git')).toBe('acme/site');
    expect(repoLabel('https://gitlab.example.com/x/y')).toBe('https://gitlab.example.com/x/y');
  });
});
