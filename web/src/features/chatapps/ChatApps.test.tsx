import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Pages } from '../../routes';
import { Sidebar } from '../sidebar/Sidebar';
import { setLang } from '../../i18n';
import { T0 } from '../../test/fixtures';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';

beforeAll(async () => {
  await import('./ChatApps');
});
afterEach(() => {
  vi.unstubAllGlobals();
  setLang('en');
});

const V1 = '/api/v1';
const click = async (el: HTMLElement) => act(async () => fireEvent.click(el));

const telegram = (over: object = {}) => ({
  provider: 'telegram',
  configured: true,
  mode: 'polling',
  account: 'PocoBot',
  status: 'connected',
  last_event_at: T0,
  last_error: null,
  last_error_at: null,
  last_ok_at: T0,
  enabled: true,
  credential_fields: ['bot_token', 'webhook_secret'],
  configured_fields: ['bot_token'],
  stored_fields: [],
  can_manage: true,
  ...over,
});
const link = (id: string, title: string | null, chat = '4242') => ({
  id,
  provider: 'telegram',
  chat_id: chat,
  chat_type: 'private',
  title,
  language: null,
  linked_at: T0,
  last_message_at: T0,
  active_session_id: null,
  project_id: null,
  project_name: null,
});

function open() {
  renderInApp(<Pages onOpenSidebar={() => undefined} />, { path: '/settings/chat-apps' });
}

describe('chat apps page', () => {
  it('shows a configured Telegram with its mode, bot and status', async () => {
    fakeApi({ [`GET ${V1}/im/providers`]: [telegram()], [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: [] });
    open();
    const provider = await screen.findByTestId('chat-provider');
    expect(within(provider).getByText('Telegram')).toBeTruthy();
    expect(within(provider).getByTestId('chat-provider-status').textContent).toBe('Connected');
    expect(within(provider).getByTestId('chat-provider-mode').textContent).toBe('Long polling (works behind NAT)');
    expect(within(provider).getByText('@PocoBot')).toBeTruthy();
    expect(screen.getByText('No chat is linked yet.')).toBeTruthy();
  });

  it('says how to configure Telegram when it is not, and offers no code', async () => {
    fakeApi({
      [`GET ${V1}/im/providers`]: [telegram({ configured: false, mode: 'off', account: null, status: 'not_configured', last_event_at: null })],
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: [],
    });
    open();
    expect((await screen.findByTestId('chat-provider-status')).textContent).toBe('Not configured');
    expect(screen.getByText(/POCO_TELEGRAM_BOT_TOKEN/)).toBeTruthy();
    expect((screen.getByTestId('chat-create-code') as HTMLButtonElement).disabled).toBe(true);
  });

  it('names DingTalk, its stream connection, and how to configure it when it is not', async () => {
    fakeApi({
      [`GET ${V1}/im/providers`]: [
        telegram({ provider: 'dingtalk', mode: 'stream', account: null }),
        telegram({ provider: 'dingtalk', configured: false, mode: 'off', account: null, status: 'not_configured', last_event_at: null }),
      ],
      [`GET ${V1}/im/links`]: [],
    });
    open();
    const [configured, missing] = await screen.findAllByTestId('chat-provider');
    expect(within(configured).getByText('DingTalk')).toBeTruthy();
    expect(within(configured).getByTestId('chat-provider-mode').textContent).toBe('Stream (a long connection Poco opens; works behind NAT)');
    expect(within(missing).getByText(/POCO_DINGTALK_CLIENT_ID/)).toBeTruthy();
    expect(within(missing).queryByText(/POCO_TELEGRAM_BOT_TOKEN/)).toBeNull();
  });

  it('shows the last error of a failing provider', async () => {
    fakeApi({
      [`GET ${V1}/im/providers`]: [telegram({ status: 'error', last_error: 'Telegram sendMessage: 429 Too Many Requests', last_error_at: T0 })],
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: [],
    });
    open();
    expect((await screen.findByTestId('chat-provider-status')).textContent).toBe('Error');
    expect(screen.getByTestId('chat-provider-error').textContent).toContain('429 Too Many Requests');
  });

  it('creates a link code and shows the command to send', async () => {
    const api = fakeApi({
      [`GET ${V1}/im/providers`]: [telegram()],
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: [],
      [`POST ${V1}/im/link-codes`]: { code: 'ABCD2345', expires_at: T0 },
    });
    open();
    await screen.findByTestId('chat-provider');
    await click(screen.getByTestId('chat-create-code'));
    expect((await screen.findByTestId('chat-code-value')).textContent).toBe('ABCD2345');
    expect(screen.getByTestId('chat-code').textContent).toContain('/link ABCD2345');
    expect(screen.getByTestId('chat-code-link').getAttribute('href')).toBe('https://t.me/PocoBot?start=ABCD2345');
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('shows why a code could not be made', async () => {
    fakeApi({
      [`GET ${V1}/im/providers`]: [telegram()],
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: [],
      [`POST ${V1}/im/link-codes`]: apiError(50000, 'Internal server error', null, 500),
    });
    open();
    await screen.findByTestId('chat-provider');
    await click(screen.getByTestId('chat-create-code'));
    expect(await screen.findByText('Internal server error')).toBeTruthy();
    expect(screen.queryByTestId('chat-code')).toBeNull();
  });

  it('lists linked chats and revokes one after confirmation', async () => {
    let links = [link('l1', 'Alice (@alice)'), link('l2', null, '-100777')];
    const api = fakeApi({
      [`GET ${V1}/im/providers`]: [telegram()],
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: () => links,
      [`DELETE ${V1}/im/links/l1`]: () => {
        links = links.filter((l) => l.id !== 'l1');
        return { id: 'l1' };
      },
    });
    open();
    const rows = await screen.findAllByTestId('chat-link');
    expect(rows.map((r) => r.dataset.name)).toEqual(['Alice (@alice)', '-100777']);
    await click(within(rows[0]).getByTestId('cap-delete'));
    await click(await screen.findByRole('button', { name: 'Delete' }));
    expect(api.sent(`DELETE ${V1}/im/links/l1`)).toHaveLength(1);
    await vi.waitFor(() => expect(screen.getAllByTestId('chat-link').map((r) => r.dataset.name)).toEqual(['-100777']));
  });

  it('sends a test message to a linked chat', async () => {
    const api = fakeApi({
      [`GET ${V1}/im/providers`]: [telegram()],
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: [link('l1', 'Alice')],
      [`POST ${V1}/im/links/l1/test`]: { id: 'l1' },
    });
    open();
    await click(await screen.findByTestId('chat-test'));
    await vi.waitFor(() => expect(api.sent(`POST ${V1}/im/links/l1/test`)).toHaveLength(1));
  });

  it('saves a credential write-only and shows which fields are configured', async () => {
    let stored: string[] = [];
    const api = fakeApi({
      [`GET ${V1}/im/providers`]: () => [telegram({ configured_fields: ['bot_token', ...stored], stored_fields: stored })],
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: [],
      [`PUT ${V1}/im/providers/telegram/credentials`]: () => {
        stored = ['webhook_secret'];
        return { provider: 'telegram' };
      },
      [`DELETE ${V1}/im/providers/telegram/credentials`]: () => {
        stored = [];
        return { provider: 'telegram' };
      },
    });
    open();
    const secret = (await screen.findByTestId('chat-credential-input-webhook_secret')) as HTMLInputElement;
    expect(secret.type).toBe('password');
    const fields = screen.getAllByTestId('chat-credential');
    expect(within(fields[0]).getByTestId('chat-credential-configured').textContent).toBe('configured (environment)');
    expect(within(fields[1]).queryByTestId('chat-credential-configured')).toBeNull();
    expect((screen.getByTestId('chat-credentials-save') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => fireEvent.change(secret, { target: { value: 's3cret' } }));
    await click(screen.getByTestId('chat-credentials-save'));
    await vi.waitFor(() => expect(api.sent(`PUT ${V1}/im/providers/telegram/credentials`)).toHaveLength(1));
    expect(api.sent(`PUT ${V1}/im/providers/telegram/credentials`)[0]).toEqual({ values: { webhook_secret: 's3cret' } });
    await vi.waitFor(() =>
      expect(within(screen.getAllByTestId('chat-credential')[1]).getByTestId('chat-credential-configured').textContent).toBe('configured'),
    );
    expect((screen.getByTestId('chat-credential-input-webhook_secret') as HTMLInputElement).value).toBe('');
    await click(screen.getByTestId('chat-credentials-clear'));
    await vi.waitFor(() => expect(api.sent(`DELETE ${V1}/im/providers/telegram/credentials`)).toHaveLength(1));
  });

  it('switches a provider off, and shows non-admins no controls', async () => {
    const api = fakeApi({
      [`GET ${V1}/im/providers`]: [telegram(), telegram({ provider: 'other', can_manage: false, credential_fields: ['key'] })],
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: [],
      [`PUT ${V1}/im/providers/telegram/enabled`]: { provider: 'telegram', enabled: false },
    });
    open();
    const [tg, other] = await screen.findAllByTestId('chat-provider');
    await click(within(tg).getByTestId('chat-provider-enabled'));
    await vi.waitFor(() => expect(api.sent(`PUT ${V1}/im/providers/telegram/enabled`)).toHaveLength(1));
    expect(api.sent(`PUT ${V1}/im/providers/telegram/enabled`)[0]).toEqual({ enabled: false });
    expect(within(other).queryByTestId('chat-provider-enabled')).toBeNull();
    expect(within(other).queryByTestId('chat-credentials-save')).toBeNull();
    expect(within(other).getByText(/POCO_IM_ADMINS/)).toBeTruthy();
  });

  it('creates a code for a project and moves a linked chat to another project', async () => {
    const projects = [
      { project_id: 'p1', name: 'Alpha', created_at: T0, updated_at: T0 },
      { project_id: 'p2', name: 'Beta', created_at: T0, updated_at: T0 },
    ];
    const api = fakeApi({
      [`GET ${V1}/im/providers`]: [telegram()],
      [`GET ${V1}/projects`]: projects,
      [`GET ${V1}/im/links`]: [{ ...link('l1', 'Team'), chat_type: 'group', project_id: 'p1', project_name: 'Alpha' }],
      [`POST ${V1}/im/link-codes`]: { code: 'ABCD2345', expires_at: T0, project_id: 'p2' },
      [`PATCH ${V1}/im/links/l1`]: { ...link('l1', 'Team'), project_id: 'p2', project_name: 'Beta' },
    });
    open();
    expect((await screen.findByTestId('chat-link-project-name')).textContent).toBe('Alpha');
    await act(async () => fireEvent.change(await screen.findByTestId('chat-code-project'), { target: { value: 'p2' } }));
    await click(screen.getByTestId('chat-create-code'));
    await vi.waitFor(() => expect(api.sent(`POST ${V1}/im/link-codes`)).toHaveLength(1));
    expect(api.sent(`POST ${V1}/im/link-codes`)[0]).toEqual({ project_id: 'p2' });
    await act(async () => fireEvent.change(screen.getByTestId('chat-link-project'), { target: { value: 'p2' } }));
    await vi.waitFor(() => expect(api.sent(`PATCH ${V1}/im/links/l1`)).toHaveLength(1));
    expect(api.sent(`PATCH ${V1}/im/links/l1`)[0]).toEqual({ project_id: 'p2' });
  });

  it('speaks Chinese', async () => {
    await setLang('zh');
    fakeApi({ [`GET ${V1}/im/providers`]: [telegram()], [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/links`]: [] });
    open();
    expect((await screen.findByTestId('chat-provider-status')).textContent).toBe('已连接');
    expect(screen.getByText('还没有关联的聊天。')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('聊天应用');
  });

  it('is reached from the sidebar', async () => {
    fakeApi({
      [`GET ${V1}/sessions?limit=500`]: [],
      [`GET ${V1}/projects`]: [],
      [`GET ${V1}/im/providers`]: [telegram()],
      [`GET ${V1}/im/links`]: [],
    });
    renderInApp(
      <>
        <Sidebar currentSessionId={null} currentProjectId={null} onNavigate={() => undefined} onCollapse={() => undefined} />
        <Pages onOpenSidebar={() => undefined} />
      </>,
    );
    await click(screen.getByTestId('nav-chat-apps'));
    expect(await screen.findByTestId('chat-apps')).toBeTruthy();
  });
});
