// Chat apps (`/settings/chat-apps`): which chat providers this Poco talks to and how they are doing,
// a one-time code to link a chat to the signed-in user (sent to the bot as `/link CODE`), and the
// user's linked chats, each revocable, with the project new tasks from it go to. Administrators set each
// provider's credentials here (write-only: the server says only which fields are configured) and switch it on/off.

import '../capabilities/Capabilities.css';
import './ChatApps.css';
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { intlLocale, useLang, useT, type MessageKey } from '../../i18n';
import { formatRelative } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { Badge, ErrorBox, ItemRow, Section, Toggle, useAction, useConfirmDelete } from '../capabilities/parts';
import { showToast } from '../../ui/toast';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import type { Project } from '../../api/types';
import { imApi, imKeys, type ImProvider, type LinkCode } from './imApi';

const statusLabel: Record<ImProvider['status'], MessageKey> = {
  off: 'chat.status.off',
  not_configured: 'chat.status.notConfigured',
  idle: 'chat.status.idle',
  connected: 'chat.status.connected',
  error: 'chat.status.error',
};

function When({ iso }: { iso: string | null }) {
  const lang = useLang();
  const t = useT();
  if (!iso) return <>{t('chat.never')}</>;
  return <time dateTime={iso} title={new Date(iso).toLocaleString(intlLocale(lang))}>{formatRelative(iso, intlLocale(lang))}</time>;
}

const providerNames: Record<string, string> = { telegram: 'Telegram', dingtalk: 'DingTalk', feishu: 'Feishu' };
const notConfiguredHints: Record<string, MessageKey> = {
  dingtalk: 'chat.notConfiguredHint.dingtalk',
  feishu: 'chat.notConfiguredHint.feishu',
};
const modeLabels: Record<string, MessageKey> = { webhook: 'chat.mode.webhook', stream: 'chat.mode.stream' };

const fieldLabel: Record<string, MessageKey> = {
  bot_token: 'chat.field.bot_token',
  webhook_secret: 'chat.field.webhook_secret',
  client_id: 'chat.field.client_id',
  client_secret: 'chat.field.client_secret',
  robot_code: 'chat.field.robot_code',
  app_id: 'chat.field.app_id',
  app_secret: 'chat.field.app_secret',
  verification_token: 'chat.field.verification_token',
  encrypt_key: 'chat.field.encrypt_key',
};

/** Write-only credential inputs: a value typed here is sent once and never shown again. */
function Credentials({ provider }: { provider: ImProvider }) {
  const t = useT();
  const queryClient = useQueryClient();
  const act = useAction();
  const [values, setValues] = useState<Record<string, string>>({});
  const typed = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
  const refresh = () => queryClient.invalidateQueries({ queryKey: imKeys.providers });
  if (provider.credential_fields.length === 0) return null;
  return (
    <form
      className="chat-credentials"
      data-testid="chat-credentials"
      onSubmit={(e) => {
        e.preventDefault();
        void act(async () => {
          await imApi.saveCredentials(provider.provider, typed);
          setValues({});
          await refresh();
          showToast(t('chat.credentials.saved'));
        });
      }}
    >
      {provider.credential_fields.map((field) => {
        const label = fieldLabel[field] ? t(fieldLabel[field]) : field;
        return (
          <label key={field} className="chat-credential" data-testid="chat-credential" data-field={field}>
            <span className="chat-credential-name">{label}</span>
            <input
              type="password"
              autoComplete="new-password"
              value={values[field] ?? ''}
              placeholder={provider.configured_fields.includes(field) ? '••••••••' : ''}
              disabled={!provider.can_manage}
              onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
              data-testid={`chat-credential-input-${field}`}
            />
            {provider.configured_fields.includes(field) && (
              <span data-testid="chat-credential-configured">
                <Badge tone="ok">
                  {provider.stored_fields.includes(field) ? t('chat.credentials.configured') : t('chat.credentials.fromEnv')}
                </Badge>
              </span>
            )}
          </label>
        );
      })}
      {provider.can_manage ? (
        <div className="chat-credential-actions">
          <button type="submit" className="btn btn-small" disabled={Object.keys(typed).length === 0} data-testid="chat-credentials-save">
            {t('chat.credentials.save')}
          </button>
          {provider.stored_fields.length > 0 && (
            <button
              type="button"
              className="btn btn-small"
              data-testid="chat-credentials-clear"
              onClick={() =>
                void act(async () => {
                  await imApi.clearCredentials(provider.provider);
                  await refresh();
                })
              }
            >
              {t('chat.credentials.clear')}
            </button>
          )}
        </div>
      ) : (
        <div className="cap-item-desc muted">{t('chat.credentials.adminOnly')}</div>
      )}
    </form>
  );
}

function Provider({ provider }: { provider: ImProvider }) {
  const t = useT();
  const queryClient = useQueryClient();
  const act = useAction();
  const name = providerNames[provider.provider] ?? provider.provider;
  return (
    <li className="cap-item" data-testid="chat-provider" data-name={provider.provider}>
      <div className="cap-item-main">
        <div className="cap-item-title">
          <span className="cap-item-name">{name}</span>
          <span data-testid="chat-provider-status">
            <Badge tone={provider.status === 'connected' ? 'ok' : undefined}>
              <span className={provider.status === 'error' ? 'cap-badge-error' : undefined}>{t(statusLabel[provider.status] ?? 'chat.status.idle')}</span>
            </Badge>
          </span>
          {provider.can_manage && (
            <Toggle
              checked={provider.enabled}
              label={t('chat.enabled')}
              testId="chat-provider-enabled"
              onChange={(next) =>
                void act(async () => {
                  await imApi.setEnabled(provider.provider, next);
                  await queryClient.invalidateQueries({ queryKey: imKeys.providers });
                })
              }
            />
          )}
        </div>
        {provider.configured ? (
          <dl className="chat-provider-facts">
            <dt>{t('chat.mode')}</dt>
            <dd data-testid="chat-provider-mode">{t(modeLabels[provider.mode] ?? 'chat.mode.polling')}</dd>
            {provider.account && (
              <>
                <dt>{t('chat.bot')}</dt>
                <dd>@{provider.account}</dd>
              </>
            )}
            <dt>{t('chat.lastEvent')}</dt>
            <dd><When iso={provider.last_event_at} /></dd>
            {provider.last_error && (
              <>
                <dt>{t('chat.lastError')}</dt>
                <dd data-testid="chat-provider-error">
                  {provider.last_error} (<When iso={provider.last_error_at} />)
                </dd>
              </>
            )}
          </dl>
        ) : (
          <div className="cap-item-desc muted">
            {provider.enabled ? t(notConfiguredHints[provider.provider] ?? 'chat.notConfiguredHint') : t('chat.offHint')}
          </div>
        )}
        <Credentials provider={provider} />
      </div>
    </li>
  );
}

function ProjectSelect({
  projects,
  value,
  onChange,
  testId,
}: {
  projects: Project[];
  value: string | null;
  onChange: (id: string | null) => void;
  testId: string;
}) {
  const t = useT();
  return (
    <select value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} data-testid={testId} aria-label={t('chat.project')}>
      <option value="">{t('chat.project.none')}</option>
      {projects.map((p) => (
        <option key={p.project_id} value={p.project_id}>
          {p.name}
        </option>
      ))}
    </select>
  );
}

function LinkCodeBox({ anyConfigured, telegramBot, projects }: { anyConfigured: boolean; telegramBot: string | null; projects: Project[] }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [project, setProject] = useState<string | null>(null);
  const [code, setCode] = useState<LinkCode | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setCode(await imApi.createLinkCode(project));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Once the chat sent the code, the new link shows up: look again now and then while a code is open.
  useEffect(() => {
    if (!code) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: imKeys.links }), 3000);
    return () => clearInterval(timer);
  }, [code, queryClient]);

  return (
    <Section
      title={t('chat.link.title')}
      hint={t('chat.link.hint')}
      actions={
        <>
          {projects.length > 0 && <ProjectSelect projects={projects} value={project} onChange={setProject} testId="chat-code-project" />}
          <button type="button" className="btn btn-small" onClick={() => void create()} disabled={busy || !anyConfigured} data-testid="chat-create-code">
            <Icon name="plus" /> {t('chat.link.create')}
          </button>
        </>
      }
    >
      {error ? <ErrorBox error={error} /> : null}
      {code && (
        <div className="chat-code" data-testid="chat-code">
          <span className="chat-code-value" data-testid="chat-code-value">{code.code}</span>
          <span>
            {t('chat.link.send')} <code>/link {code.code}</code>
          </span>
          {telegramBot && (
            <a href={`https://t.me/${telegramBot}?start=${code.code}`} target="_blank" rel="noreferrer" data-testid="chat-code-link">
              {t('chat.link.open', { bot: telegramBot })}
            </a>
          )}
          <span className="muted">
            {t('chat.link.expires')} {new Date(code.expires_at).toLocaleTimeString(intlLocale())}
          </span>
        </div>
      )}
    </Section>
  );
}

export default function ChatApps({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const providers = useQuery({ queryKey: imKeys.providers, queryFn: imApi.providers, refetchInterval: 10_000 });
  const links = useQuery({ queryKey: imKeys.links, queryFn: imApi.links });
  const projects = useQuery({ queryKey: keys.projects, queryFn: async () => (await api.projects()) ?? [] });
  const projectList = projects.data ?? [];
  const confirm = useConfirmDelete();
  const act = useAction();

  useEffect(() => {
    document.title = `${t('chat.title')} · Poco`;
  }, [t]);

  const list = links.data ?? [];
  const anyConfigured = (providers.data ?? []).some((p) => p.configured);
  return (
    <div className="caps" data-testid="chat-apps">
      <header className="caps-head">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <h1>{t('chat.title')}</h1>
      </header>
      <div className="caps-body">
        <div className="caps-content">
          <Section
            title={t('chat.providers')}
            hint={t('chat.providersHint')}
            loading={providers.isLoading}
            error={providers.error}
            onRetry={() => void providers.refetch()}
          >
            <ul className="cap-list">
              {(providers.data ?? []).map((p) => (
                <Provider key={p.provider} provider={p} />
              ))}
            </ul>
          </Section>
          <LinkCodeBox
            anyConfigured={anyConfigured}
            telegramBot={(providers.data ?? []).find((p) => p.provider === 'telegram' && p.configured)?.account ?? null}
            projects={projectList}
          />
          <Section
            title={t('chat.links')}
            hint={t('chat.linksHint')}
            loading={links.isLoading}
            error={links.error}
            onRetry={() => void links.refetch()}
            empty={list.length === 0 ? t('chat.noLinks') : null}
          >
            <ul className="cap-list">
              {list.map((l) => {
                const name = l.title || l.chat_id;
                return (
                  <ItemRow
                    key={l.id}
                    testId="chat-link"
                    name={name}
                    badges={<Badge>{providerNames[l.provider] ?? l.provider}</Badge>}
                    description={
                      <>
                        {t('chat.linkedAt')} <When iso={l.linked_at} /> · {t('chat.lastMessage')} <When iso={l.last_message_at} />
                        {' · '}
                        {t('chat.project')}:{' '}
                        <span data-testid="chat-link-project-name">{l.project_name ?? t('chat.project.none')}</span>
                      </>
                    }
                    toggle={
                      <>
                      {projectList.length > 0 && (
                        <ProjectSelect
                          projects={projectList}
                          value={l.project_id}
                          testId="chat-link-project"
                          onChange={(id) =>
                            void act(async () => {
                              await imApi.setLinkProject(l.id, id);
                              await queryClient.invalidateQueries({ queryKey: imKeys.links });
                            })
                          }
                        />
                      )}
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() =>
                          void act(async () => {
                            await imApi.sendTest(l.id);
                            showToast(t('chat.testSent'));
                          })
                        }
                        data-testid="chat-test"
                      >
                        {t('chat.test')}
                      </button>
                      </>
                    }
                    onDelete={() =>
                      confirm.ask(name, async () => {
                        await imApi.revoke(l.id);
                        await queryClient.invalidateQueries({ queryKey: imKeys.links });
                      })
                    }
                  />
                );
              })}
            </ul>
          </Section>
        </div>
      </div>
      {confirm.dialog}
    </div>
  );
}
