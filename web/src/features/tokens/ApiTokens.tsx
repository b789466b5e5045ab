// API tokens (`/settings/tokens`): the signed-in user's personal tokens for scripts (`Authorization:
// Bearer poco_pat_…`): create one (name, scope, expiry; shown once with a copy button), see when each
// was last used, revoke one. `ApiTokensSection` is the part an account page can embed.

import '../capabilities/Capabilities.css';
import './Tokens.css';
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n';
import { formatRelative } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { Badge, ErrorBox, Field, ItemRow, Section, useConfirmDelete } from '../capabilities/parts';
import { SecretOnce } from './SecretOnce';
import { tokenKeys, tokensApi, type CreatedApiToken, type TokenScope } from './tokensApi';

export function When({ iso, never }: { iso: string | null; never: string }) {
  const lang = useLang();
  if (!iso) return <>{never}</>;
  return <time dateTime={iso} title={new Date(iso).toLocaleString()}>{formatRelative(iso, lang)}</time>;
}

const EXPIRY_DAYS = [30, 90, 365] as const;

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [days, setDays] = useState<string>('90');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await tokensApi.create({ name: name.trim(), scope, expires_in_days: days === 'never' ? null : Number(days) }));
      setName('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="token-form" onSubmit={submit} data-testid="token-form">
      <Field label={t('tokens.name')}>
        <input
          className="input"
          value={name}
          maxLength={100}
          placeholder={t('tokens.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          data-testid="token-name"
        />
      </Field>
      <Field label={t('tokens.scope')}>
        <select className="input" value={scope} onChange={(e) => setScope(e.target.value as TokenScope)} data-testid="token-scope">
          <option value="read">{t('tokens.scope.read')}</option>
          <option value="write">{t('tokens.scope.write')}</option>
        </select>
      </Field>
      <Field label={t('tokens.expiry')}>
        <select className="input" value={days} onChange={(e) => setDays(e.target.value)} data-testid="token-expiry">
          {EXPIRY_DAYS.map((d) => (
            <option key={d} value={String(d)}>
              {t('tokens.expiry.days', { n: d })}
            </option>
          ))}
          <option value="never">{t('tokens.expiry.never')}</option>
        </select>
      </Field>
      <button type="submit" className="btn btn-primary btn-small" disabled={busy || !name.trim()} data-testid="token-create">
        <Icon name="plus" /> {t('tokens.create')}
      </button>
      {error != null && <ErrorBox error={error} />}
    </form>
  );
}

/** The API tokens section: create, shown once, list, revoke. */
export function ApiTokensSection() {
  const t = useT();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: tokenKeys.tokens, queryFn: tokensApi.list });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const confirm = useConfirmDelete();
  const list = tokens.data ?? [];

  return (
    <>
      <Section title={t('tokens.title')} hint={t('tokens.hint')}>
        <CreateTokenForm
          onCreated={(token) => {
            setCreated(token);
            void queryClient.invalidateQueries({ queryKey: tokenKeys.tokens });
          }}
        />
        {created && <SecretOnce value={created.token} onDone={() => setCreated(null)} testId="token-created" />}
      </Section>
      <Section
        title={t('tokens.list')}
        loading={tokens.isLoading}
        error={tokens.error}
        onRetry={() => void tokens.refetch()}
        empty={list.length === 0 ? t('tokens.empty') : null}
      >
        <ul className="cap-list">
          {list.map((token) => (
            <ItemRow
              key={token.id}
              testId="token-item"
              name={token.name}
              badges={
                <>
                  <Badge tone={token.scope === 'read' ? 'ok' : undefined}>{t(token.scope === 'read' ? 'tokens.scope.read' : 'tokens.scope.write')}</Badge>
                  {token.expired && <Badge>{t('tokens.expired')}</Badge>}
                </>
              }
              description={
                <>
                  <code>{token.prefix}…</code> · {t('tokens.lastUsed')} <When iso={token.last_used_at} never={t('tokens.never')} /> ·{' '}
                  {t('tokens.expires')} <When iso={token.expires_at} never={t('tokens.never')} />
                </>
              }
              onDelete={() =>
                confirm.ask(token.name, async () => {
                  await tokensApi.revoke(token.id);
                  await queryClient.invalidateQueries({ queryKey: tokenKeys.tokens });
                })
              }
            />
          ))}
        </ul>
      </Section>
      {confirm.dialog}
    </>
  );
}

export default function ApiTokens({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const t = useT();
  useEffect(() => {
    document.title = `${t('tokens.title')} · Poco`;
  }, [t]);
  return (
    <div className="caps" data-testid="api-tokens">
      <header className="caps-head">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <h1>{t('tokens.title')}</h1>
      </header>
      <div className="caps-body">
        <div className="caps-content">
          <ApiTokensSection />
        </div>
      </div>
    </div>
  );
}
