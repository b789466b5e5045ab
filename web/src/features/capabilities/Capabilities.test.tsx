import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Pages } from '../../routes';
import { Sidebar } from '../sidebar/Sidebar';
import { T0 } from '../../test/fixtures';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { ImportDialog } from './ImportDialog';
import { Packages } from './Packages';

// The page is a lazy chunk: load it once up front so the first test does not wait on the import.
beforeAll(async () => {
  await import('./Capabilities');
});
afterEach(() => vi.unstubAllGlobals());

const V1 = '/api/v1';
const stamps = { created_at: T0, updated_at: T0 };

const mcp = (id: number, name: string, scope: 'user' | 'system', def: object = { command: 'npx', args: ['srv'] }) => ({
  id,
  name,
  server_config: { mcpServers: { [name]: def } },
  scope,
  owner_user_id: scope === 'user' ? 'default' : null,
  ...stamps,
});
const skill = (id: number, name: string, scope: 'user' | 'system' = 'user') => ({
  id,
  name,
  entry: { s3_key: `skills/default/${name}/`, is_prefix: true },
  source: scope === 'system' ? { kind: 'system' } : { kind: 'github', repo: 'acme/skills' },
  scope,
  owner_user_id: scope === 'user' ? 'default' : null,
  ...stamps,
});
const install = (id: number, field: string, target: number, enabled: boolean) => ({ id, user_id: 'default', [field]: target, enabled, ...stamps });

function open(path: string) {
  renderInApp(<Pages onOpenSidebar={() => undefined} />, { path });
}

const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });
const click = async (el: HTMLElement) => act(async () => fireEvent.click(el));
const item = async (name: string) => (await screen.findAllByTestId('cap-item')).find((el) => el.dataset.name === name)!;

describe('capabilities page', () => {
  it('opens the first view from /capabilities and switches views with the tabs', async () => {
    fakeApi({ [`GET ${V1}/mcp-servers`]: [], [`GET ${V1}/mcp-installs`]: [], [`GET ${V1}/env-vars`]: [] });
    open('/capabilities');
    expect(await screen.findByText('No MCP servers yet.')).toBeTruthy();
    await click(screen.getByTestId('cap-tab-secrets'));
    expect(await screen.findByText('No secrets yet.')).toBeTruthy();
  });

  it('is reached from the sidebar', async () => {
    fakeApi({ [`GET ${V1}/sessions?limit=500`]: [], [`GET ${V1}/projects`]: [], [`GET ${V1}/mcp-servers`]: [], [`GET ${V1}/mcp-installs`]: [] });
    renderInApp(
      <>
        <Sidebar currentSessionId={null} currentProjectId={null} onNavigate={() => undefined} onCollapse={() => undefined} />
        <Pages onOpenSidebar={() => undefined} />
      </>,
    );
    await click(screen.getByTestId('nav-capabilities'));
    expect(await screen.findByTestId('capabilities')).toBeTruthy();
    expect(screen.getByTestId('cap-tab-mcp').getAttribute('aria-current')).toBe('page');
  });

  it('shows why a list could not load', async () => {
    fakeApi({ [`GET ${V1}/subagents`]: apiError(50000, 'Internal server error', null, 500) });
    open('/capabilities/subagents');
    expect((await screen.findByTestId('cap-error')).textContent).toBe('Internal server error');
  });
});

describe('MCP servers', () => {
  function server() {
    return fakeApi({
      [`GET ${V1}/mcp-servers`]: [mcp(2, 'mine', 'user'), mcp(1, 'browser', 'system', { type: 'http', url: 'https://mcp.example/x' })],
      [`GET ${V1}/mcp-installs`]: [install(7, 'server_id', 2, true)],
      [`POST ${V1}/mcp-servers`]: (body: unknown) => mcp(3, (body as { name: string }).name, 'user'),
      [`POST ${V1}/mcp-installs`]: (body: unknown) => install(8, 'server_id', (body as { server_id: number }).server_id, true),
      [`PATCH ${V1}/mcp-installs/7`]: install(7, 'server_id', 2, false),
      [`PATCH ${V1}/mcp-installs/bulk`]: { updated_count: 2 },
      [`DELETE ${V1}/mcp-servers/2`]: { id: 2 },
    });
  }

  it('lists servers with their install state; system ones are read-only with a badge', async () => {
    server();
    open('/capabilities/mcp');
    const mine = await item('mine');
    const browser = await item('browser');
    expect(mine.textContent).toContain('stdio · npx srv');
    expect(browser.textContent).toContain('http · https://mcp.example/x');
    expect(within(browser).getByTestId('system-badge').textContent).toBe('system');
    expect(within(browser).queryByTestId('cap-edit')).toBeNull();
    expect(within(browser).queryByTestId('cap-delete')).toBeNull();
    expect(within(mine).getByTestId('cap-toggle').getAttribute('aria-checked')).toBe('true');
    expect(within(browser).getByTestId('cap-toggle').getAttribute('aria-checked')).toBe('false');

    // The system server opens read-only: no save button, fields disabled.
    await click(within(browser).getByTestId('cap-view'));
    expect(screen.queryByTestId('cap-save')).toBeNull();
    expect((screen.getByTestId('mcp-config') as HTMLTextAreaElement).disabled).toBe(true);
  });

  it('creates a server from a JSON definition, checking the JSON first, and switches it on', async () => {
    const api = server();
    open('/capabilities/mcp');
    await click(await screen.findByTestId('cap-create'));
    type(screen.getByTestId('mcp-name'), 'github');
    const config = screen.getByTestId('mcp-config');
    type(config, '{"command": ');
    expect(screen.getByTestId('mcp-config-problem').textContent).toContain('Not valid JSON');
    expect((screen.getByTestId('cap-save') as HTMLButtonElement).disabled).toBe(true);
    type(config, '{"mcpServers": {"a": {}, "b": {}}}');
    expect(screen.getByTestId('mcp-config-problem').textContent).toContain('exactly one server');
    type(config, '{"type": "http", "url": "https://api.github.com/mcp", "headers": {"Authorization": "Bearer ${GITHUB_TOKEN}"}}');
    expect(screen.queryByTestId('mcp-config-problem')).toBeNull();
    await click(screen.getByTestId('cap-save'));

    expect(api.sent(`POST ${V1}/mcp-servers`)).toEqual([
      {
        name: 'github',
        server_config: { type: 'http', url: 'https://api.github.com/mcp', headers: { Authorization: 'Bearer ${GITHUB_TOKEN}' } },
      },
    ]);
    expect(api.sent(`POST ${V1}/mcp-installs`)).toEqual([{ server_id: 3, enabled: true }]);
    expect(screen.queryByTestId('cap-dialog')).toBeNull();
  });

  it('keeps the dialog open with the server message and field problems when the config is refused', async () => {
    const api = server();
    api.routes[`POST ${V1}/mcp-servers`] = apiError(12003, 'SSE transport is deprecated and is no longer supported', {
      errors: [
        { path: 'mcpServers.old.type', message: 'SSE transport is deprecated and is no longer supported' },
        { path: 'mcpServers.old.url', message: 'url must start with http:// or https://' },
      ],
    });
    open('/capabilities/mcp');
    await click(await screen.findByTestId('cap-create'));
    type(screen.getByTestId('mcp-name'), 'old');
    type(screen.getByTestId('mcp-config'), '{"type": "sse", "url": "ftp://x"}');
    await click(screen.getByTestId('cap-save'));
    const error = await screen.findByTestId('cap-error');
    expect(error.textContent).toContain('SSE transport is deprecated and is no longer supported');
    expect(error.textContent).toContain('mcpServers.old.url: url must start with http:// or https://');
    expect((screen.getByTestId('mcp-name') as HTMLInputElement).value).toBe('old');
    expect(api.sent(`POST ${V1}/mcp-installs`)).toEqual([]);
  });

  it('switches installs one by one and in bulk, and deletes after confirming', async () => {
    const api = server();
    open('/capabilities/mcp');
    await click(within(await item('mine')).getByTestId('cap-toggle'));
    expect(api.sent(`PATCH ${V1}/mcp-installs/7`)).toEqual([{ enabled: false }]);

    // Enable all: the never-installed system server gets an install, the rest go in one bulk call.
    await click(screen.getByTestId('cap-enable-all'));
    expect(api.sent(`POST ${V1}/mcp-installs`)).toEqual([{ server_id: 1, enabled: true }]);
    expect(api.sent(`PATCH ${V1}/mcp-installs/bulk`)).toEqual([{ enabled: true, install_ids: [7] }]);

    await click(within(await item('mine')).getByTestId('cap-delete'));
    await click(screen.getByTestId('confirm-ok'));
    expect(api.sent(`DELETE ${V1}/mcp-servers/2`)).toHaveLength(1);
  });
});

describe('skills and plugins', () => {
  it('lists skills with their source and install state', async () => {
    fakeApi({
      [`GET ${V1}/skills`]: [skill(5, 'pdf'), skill(1, 'docx', 'system')],
      [`GET ${V1}/skill-installs`]: [install(9, 'skill_id', 5, true)],
    });
    open('/capabilities/skills');
    const pdf = await item('pdf');
    expect(pdf.textContent).toContain('acme/skills');
    expect(within(await item('docx')).getByTestId('system-badge')).toBeTruthy();
  });

  it('creates a plugin by hand with its description and version', async () => {
    const api = fakeApi({
      [`GET ${V1}/plugins`]: [],
      [`GET ${V1}/plugin-installs`]: [],
      [`POST ${V1}/plugins`]: { ...skill(4, 'lint'), description: 'Lints', version: '1.0.0', manifest: null },
      [`POST ${V1}/plugin-installs`]: install(1, 'plugin_id', 4, true),
    });
    open('/capabilities/plugins');
    await click(await screen.findByTestId('cap-create'));
    type(screen.getByTestId('pkg-name'), 'lint');
    type(screen.getByTestId('pkg-description'), ' Lints ');
    type(screen.getByTestId('pkg-version'), '1.0.0');
    type(screen.getByTestId('pkg-entry'), '{"s3_key": "plugins/default/lint/", "is_prefix": true}');
    await click(screen.getByTestId('cap-save'));
    expect(api.sent(`POST ${V1}/plugins`)).toEqual([
      { name: 'lint', entry: { s3_key: 'plugins/default/lint/', is_prefix: true }, description: 'Lints', version: '1.0.0' },
    ]);
    expect(api.sent(`POST ${V1}/plugin-installs`)).toEqual([{ plugin_id: 4, enabled: true }]);
  });

  it('shows the server message when a skill name is refused', async () => {
    fakeApi({
      [`GET ${V1}/skills`]: [],
      [`GET ${V1}/skill-installs`]: [],
      [`POST ${V1}/skills`]: apiError(40000, 'Invalid skill name'),
    });
    open('/capabilities/skills');
    await click(await screen.findByTestId('cap-create'));
    type(screen.getByTestId('pkg-name'), 'a b');
    await click(screen.getByTestId('cap-save'));
    expect((await screen.findByTestId('cap-error')).textContent).toBe('Invalid skill name');
  });

  it('imports from a zip: discover, choose and name, commit, then polls the job to the end', async () => {
    let polls = 0;
    const api = fakeApi({
      [`GET ${V1}/skills`]: [],
      [`GET ${V1}/skill-installs`]: [],
      [`POST ${V1}/skills/import/discover`]: {
        archive_key: 'skill-imports/default/u1/pack.zip',
        candidates: [
          { relative_path: '.', skill_name: null, requires_name: true, will_overwrite: false },
          { relative_path: 'pdf', skill_name: 'pdf', requires_name: false, will_overwrite: true },
          { relative_path: 'xlsx', skill_name: 'xlsx', requires_name: false, will_overwrite: false },
        ],
      },
      [`POST ${V1}/skills/import/commit`]: { job_id: 'j1', status: 'queued' },
      [`GET ${V1}/skills/import/jobs/j1`]: () => {
        polls++;
        const base = { job_id: 'j1', error: null, created_at: T0, updated_at: T0, started_at: T0, finished_at: null };
        if (polls === 1) return { ...base, status: 'queued', progress: 0, result: null };
        if (polls === 2) return { ...base, status: 'running', progress: 50, result: null };
        return {
          ...base,
          status: 'success',
          progress: 100,
          finished_at: T0,
          result: {
            items: [
              { relative_path: '.', skill_name: 'root-skill', skill_id: 11, overwritten: false, status: 'success', error: null },
              { relative_path: 'pdf', skill_name: 'pdf', skill_id: 12, overwritten: true, status: 'failed', error: 'Too many files' },
            ],
          },
        };
      },
    });
    // The page behind the dialog, to see its lists reload when the job ends.
    renderInApp(
      <>
        <Packages kind="skill" />
        <ImportDialog kind="skills" onClose={() => undefined} pollMs={20} />
      </>,
    );
    await vi.waitFor(() => expect(api.sent(`GET ${V1}/skills`)).toHaveLength(1));

    const file = new File(['PK'], 'pack.zip', { type: 'application/zip' });
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } });
    await click(screen.getByTestId('import-discover'));
    const form = api.sent(`POST ${V1}/skills/import/discover`)[0] as FormData;
    expect((form.get('file') as File).name).toBe('pack.zip');
    expect(form.get('github_url')).toBeNull();

    const candidates = await screen.findAllByTestId('import-candidate');
    expect(candidates).toHaveLength(3);
    expect(candidates[1].textContent).toContain('replaces yours');
    // The root skill needs a name before it can be imported; xlsx is left out.
    fireEvent.click(within(candidates[2]).getByRole('checkbox'));
    expect((screen.getByTestId('import-commit') as HTMLButtonElement).disabled).toBe(true);
    type(screen.getByTestId('import-name'), 'root-skill');
    await click(screen.getByTestId('import-commit'));
    expect(api.sent(`POST ${V1}/skills/import/commit`)).toEqual([
      {
        archive_key: 'skill-imports/default/u1/pack.zip',
        selections: [{ relative_path: '.', name_override: 'root-skill' }, { relative_path: 'pdf' }],
      },
    ]);

    await vi.waitFor(() => expect(screen.getByTestId('import-progress').dataset.status).toBe('success'), { timeout: 3000 });
    expect(polls).toBe(3);
    const results = screen.getAllByTestId('import-result');
    expect(results.map((r) => r.dataset.status)).toEqual(['success', 'failed']);
    expect(results[1].textContent).toContain('Too many files');
    // The lists are reloaded once the job is done, and the polling has stopped.
    await vi.waitFor(() => expect(api.sent(`GET ${V1}/skills`)).toHaveLength(2));
    expect(polls).toBe(3);
  });

  it('stops polling and says why when the job cannot be read', async () => {
    let polls = 0;
    fakeApi({
      [`POST ${V1}/plugins/import/discover`]: {
        archive_key: 'plugin-imports/default/u2/github.zip',
        candidates: [{ relative_path: 'lint', plugin_name: 'lint', version: '2.1.0', description: 'Lints', requires_name: false, will_overwrite: false }],
      },
      [`POST ${V1}/plugins/import/commit`]: { job_id: 'j2', status: 'queued' },
      [`GET ${V1}/plugins/import/jobs/j2`]: () => {
        polls++;
        return apiError(40300, 'Plugin import job does not belong to the user');
      },
    });
    renderInApp(<ImportDialog kind="plugins" onClose={() => undefined} pollMs={20} />);
    await click(screen.getByTestId('import-source-github'));
    type(screen.getByTestId('import-url'), 'https://github.com/acme/plugins/tree/dev');
    await click(screen.getByTestId('import-discover'));
    expect((await screen.findByTestId('import-candidate')).textContent).toContain('v2.1.0');
    await click(screen.getByTestId('import-commit'));
    expect((await screen.findByTestId('cap-error')).textContent).toBe('Plugin import job does not belong to the user');
    expect(polls).toBe(1);
  });

  it('discovers from a GitHub URL and shows why the archive was refused', async () => {
    const api = fakeApi({
      [`POST ${V1}/plugins/import/discover`]: apiError(40000, 'Zip entry escapes the target: ../evil'),
    });
    renderInApp(<ImportDialog kind="plugins" onClose={() => undefined} />);
    await click(screen.getByTestId('import-source-github'));
    expect((screen.getByTestId('import-discover') as HTMLButtonElement).disabled).toBe(true);
    type(screen.getByTestId('import-url'), 'https://github.com/acme/plugins');
    await click(screen.getByTestId('import-discover'));
    const form = api.sent(`POST ${V1}/plugins/import/discover`)[0] as FormData;
    expect(form.get('github_url')).toBe('https://github.com/acme/plugins');
    expect((await screen.findByTestId('cap-error')).textContent).toBe('Zip entry escapes the target: ../evil');
  });
});

describe('slash commands', () => {
  const command = { id: 3, user_id: 'default', name: 'review', enabled: true, mode: 'structured', description: 'Review changes', argument_hint: null, allowed_tools: null, content: 'Review', raw_markdown: null, ...stamps };

  it('lists, creates a structured command and switches one off', async () => {
    const api = fakeApi({
      [`GET ${V1}/slash-commands`]: [command],
      [`POST ${V1}/slash-commands`]: { ...command, id: 4, name: 'fix' },
      [`PATCH ${V1}/slash-commands/3`]: { ...command, enabled: false },
    });
    open('/capabilities/commands');
    expect((await item('/review')).textContent).toContain('Review changes');
    await click(within(await item('/review')).getByTestId('cap-toggle'));
    expect(api.sent(`PATCH ${V1}/slash-commands/3`)).toEqual([{ enabled: false }]);

    await click(screen.getByTestId('cap-create'));
    type(screen.getByTestId('cmd-name'), '/fix');
    type(screen.getByTestId('cmd-description'), 'Fix a bug');
    type(screen.getByTestId('cmd-argument-hint'), '[issue]');
    type(screen.getByTestId('cmd-content'), 'Fix issue $ARGUMENTS');
    await click(screen.getByTestId('cap-save'));
    expect(api.sent(`POST ${V1}/slash-commands`)).toEqual([
      { name: 'fix', mode: 'structured', description: 'Fix a bug', argument_hint: '[issue]', allowed_tools: null, content: 'Fix issue $ARGUMENTS', enabled: true },
    ]);
  });

  it('sends a raw command as markdown and shows a refusal', async () => {
    const api = fakeApi({
      [`GET ${V1}/slash-commands`]: [],
      [`POST ${V1}/slash-commands`]: apiError(40000, 'Reserved slash command name: help'),
    });
    open('/capabilities/commands');
    await click(await screen.findByTestId('cap-create'));
    type(screen.getByTestId('cmd-name'), 'help');
    await click(screen.getByTestId('mode-raw'));
    type(screen.getByTestId('cmd-raw'), 'Say hello');
    await click(screen.getByTestId('cap-save'));
    expect(api.sent(`POST ${V1}/slash-commands`)).toEqual([{ name: 'help', mode: 'raw', raw_markdown: 'Say hello', enabled: true }]);
    expect((await screen.findByTestId('cap-error')).textContent).toBe('Reserved slash command name: help');
  });
});

describe('subagents', () => {
  it('lists and creates a structured subagent with its tools', async () => {
    const agent = { id: 1, user_id: 'default', name: 'reviewer', enabled: true, mode: 'structured', description: 'Reviews code', prompt: 'Review', tools: ['Read'], model: null, raw_markdown: null, ...stamps };
    const api = fakeApi({
      [`GET ${V1}/subagents`]: [agent],
      [`POST ${V1}/subagents`]: { ...agent, id: 2, name: 'tester' },
    });
    open('/capabilities/subagents');
    expect((await item('reviewer')).textContent).toContain('Reviews code');
    await click(screen.getByTestId('cap-create'));
    type(screen.getByTestId('agent-name'), 'tester');
    type(screen.getByTestId('agent-description'), 'Writes tests');
    type(screen.getByTestId('agent-prompt'), 'You write tests.');
    type(screen.getByTestId('agent-tools'), 'Read, Bash ,, Write');
    await click(screen.getByTestId('cap-save'));
    expect(api.sent(`POST ${V1}/subagents`)).toEqual([
      { name: 'tester', mode: 'structured', description: 'Writes tests', prompt: 'You write tests.', tools: ['Read', 'Bash', 'Write'], enabled: true },
    ]);
  });

  it('shows the server message for a raw agent whose name does not match', async () => {
    fakeApi({
      [`GET ${V1}/subagents`]: [],
      [`POST ${V1}/subagents`]: apiError(40000, 'raw_markdown front matter name must equal the subagent name'),
    });
    open('/capabilities/subagents');
    await click(await screen.findByTestId('cap-create'));
    type(screen.getByTestId('agent-name'), 'x');
    await click(screen.getByTestId('mode-raw'));
    await click(screen.getByTestId('cap-save'));
    expect((await screen.findByTestId('cap-error')).textContent).toBe('raw_markdown front matter name must equal the subagent name');
  });
});

describe('CLAUDE.md', () => {
  it('loads, saves with the enabled flag, and shows a refusal', async () => {
    const api = fakeApi({
      [`GET ${V1}/claude-md`]: { enabled: true, content: 'Be brief.', updated_at: T0 },
      [`PUT ${V1}/claude-md`]: (body: unknown) => ({ ...(body as object), updated_at: '2026-01-02T00:00:00Z' }),
    });
    open('/capabilities/claude-md');
    const text = (await screen.findByTestId('claude-md-content')) as HTMLTextAreaElement;
    expect(text.value).toBe('Be brief.');
    expect((screen.getByTestId('claude-md-save') as HTMLButtonElement).disabled).toBe(true);
    type(text, 'Be very brief.');
    await click(screen.getByTestId('claude-md-enabled'));
    await click(screen.getByTestId('claude-md-save'));
    expect(api.sent(`PUT ${V1}/claude-md`)).toEqual([{ enabled: false, content: 'Be very brief.' }]);

    api.routes[`PUT ${V1}/claude-md`] = apiError(40000, 'CLAUDE.md is too large (max 65536 bytes)');
    type(await screen.findByTestId('claude-md-content'), 'Again');
    await click(screen.getByTestId('claude-md-save'));
    expect((await screen.findByTestId('cap-error')).textContent).toBe('CLAUDE.md is too large (max 65536 bytes)');
  });
});

describe('secrets', () => {
  const envVar = (id: number, key: string, scope: 'user' | 'system', isSet: boolean) => ({
    id,
    user_id: scope === 'system' ? '__system__' : 'default',
    key,
    description: `${key} description`,
    scope,
    is_set: isSet,
    ...stamps,
  });

  it('lists keys as set / not set, never values; creates and replaces write-only values', async () => {
    const api = fakeApi({
      [`GET ${V1}/env-vars`]: [envVar(1, 'OPENAI_API_KEY', 'system', false), envVar(2, 'GITHUB_TOKEN', 'user', true)],
      [`POST ${V1}/env-vars`]: envVar(3, 'SLACK_TOKEN', 'user', true),
      [`PATCH ${V1}/env-vars/2`]: envVar(2, 'GITHUB_TOKEN', 'user', true),
    });
    open('/capabilities/secrets');
    const system = await item('OPENAI_API_KEY');
    expect(system.textContent).toContain('not set');
    expect(within(system).getByTestId('system-badge')).toBeTruthy();
    expect(within(system).queryByTestId('cap-edit')).toBeNull();
    expect(within(system).queryByTestId('cap-delete')).toBeNull();
    expect((await item('GITHUB_TOKEN')).textContent).toContain('set');

    await click(screen.getByTestId('cap-create'));
    const value = screen.getByTestId('secret-value') as HTMLInputElement;
    expect(value.type).toBe('password');
    type(screen.getByTestId('secret-key'), 'SLACK_TOKEN');
    type(value, 'xoxb-1');
    await click(screen.getByTestId('cap-save'));
    expect(api.sent(`POST ${V1}/env-vars`)).toEqual([{ key: 'SLACK_TOKEN', value: 'xoxb-1' }]);

    // Editing: an empty value keeps the stored one (only the description is sent).
    await click(within(await item('GITHUB_TOKEN')).getByTestId('cap-edit'));
    expect((screen.getByTestId('secret-value') as HTMLInputElement).value).toBe('');
    type(screen.getByTestId('secret-description'), 'For git');
    await click(screen.getByTestId('cap-save'));
    await click(within(await item('GITHUB_TOKEN')).getByTestId('cap-edit'));
    type(screen.getByTestId('secret-value'), 'ghp_new');
    await click(screen.getByTestId('cap-save'));
    expect(api.sent(`PATCH ${V1}/env-vars/2`)).toEqual([{ description: 'For git' }, { description: 'GITHUB_TOKEN description', value: 'ghp_new' }]);
  });

  it('shows the server message for a duplicate key', async () => {
    fakeApi({
      [`GET ${V1}/env-vars`]: [],
      [`POST ${V1}/env-vars`]: apiError(11002, 'Environment variable already exists: GITHUB_TOKEN'),
    });
    open('/capabilities/secrets');
    await click(await screen.findByTestId('cap-create'));
    type(screen.getByTestId('secret-key'), 'GITHUB_TOKEN');
    type(screen.getByTestId('secret-value'), 'x');
    await click(screen.getByTestId('cap-save'));
    expect((await screen.findByTestId('cap-error')).textContent).toBe('Environment variable already exists: GITHUB_TOKEN');
  });
});

describe('permission rules', () => {
  const project = { project_id: 'p-1', user_id: 'default', name: 'Site', repo_url: null, git_branch: null, git_token_env_key: null, ...stamps };
  const rule = (id: number, behavior: string, text: string, projectId: string | null) => ({ id, project_id: projectId, behavior, rule: text, created_at: T0 });

  it('lists the rules of all sessions or of one project and saves a new rule in that scope', async () => {
    const api = fakeApi({
      [`GET ${V1}/projects`]: [project],
      [`GET ${V1}/permission-rules`]: [rule(1, 'deny', 'Bash(rm:*)', null)],
      [`GET ${V1}/permission-rules?project_id=p-1`]: [rule(1, 'deny', 'Bash(rm:*)', null), rule(2, 'ask', 'Bash(git push:*)', 'p-1')],
      [`POST ${V1}/permission-rules`]: rule(3, 'ask', 'Bash(npm publish)', 'p-1'),
    });
    open('/capabilities/permissions');
    const everywhere = await item('Bash(rm:*)');
    expect(everywhere.textContent).toContain('deny');
    expect(everywhere.textContent).toContain('All my sessions');

    fireEvent.change(screen.getByTestId('perm-scope'), { target: { value: 'p-1' } });
    expect((await item('Bash(git push:*)')).textContent).toContain('Project Site');
    await click(screen.getByTestId('cap-create'));
    type(screen.getByTestId('perm-rule'), ' Bash(npm publish) ');
    await click(screen.getByTestId('cap-save'));
    expect(api.sent(`POST ${V1}/permission-rules`)).toEqual([{ behavior: 'ask', rule: 'Bash(npm publish)', project_id: 'p-1' }]);
  });

  it('shows why the server refused a rule that could never match', async () => {
    fakeApi({
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/permission-rules`]: [],
      [`POST ${V1}/permission-rules`]: apiError(40000, "Invalid request: rule Unknown tool 'bash': no tool call can ever match this rule", null, 422),
    });
    open('/capabilities/permissions');
    expect(await screen.findByText(/No rules/)).toBeTruthy();
    await click(screen.getByTestId('cap-create'));
    fireEvent.change(screen.getByTestId('perm-behavior'), { target: { value: 'deny' } });
    type(screen.getByTestId('perm-rule'), 'bash(rm:*)');
    await click(screen.getByTestId('cap-save'));
    expect((await screen.findByTestId('cap-error')).textContent).toContain("Unknown tool 'bash'");
  });
});
