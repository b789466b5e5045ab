// Admin → Runners (`/admin/runners`): the runners working for this server with their last heartbeat,
// registration tokens for new ones (shown once), and revoking a registered runner. Admins only: others
// see the server's 403 message.

import '../capabilities/Capabilities.css';
import '../tokens/Tokens.css';
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { Badge, ErrorBox, Field, ItemRow, Section, useConfirmDelete } from '../capabilities/parts';
import { SecretOnce } from '../tokens/SecretOnce';
import { When } from '../tokens/ApiTokens';
import { runnersApi, tokenKeys, type RegistrationToken } from '../tokens/tokensApi';

function RegistrationTokenForm({ onCreated }: { onCreated: (token: RegistrationToken) => void }) {
  const t = useT();
  const [hours, setHours] = useState('24');
  const [uses, setUses] = useState('1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await runnersApi.createRegistrationToken({ expires_in_hours: Number(hours), max_uses: Number(uses) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="token-form" onSubmit={submit} data-testid="registration-form">
      <Field label={t('runners.expiresInHours')}>
        <input className="input" type="number" min={1} max={720} value={hours} onChange={(e) => setHours(e.target.value)} data-testid="registration-hours" />
      </Field>
      <Field label={t('runners.maxUses')}>
        <input className="input" type="number" min={1} max={1000} value={uses} onChange={(e) => setUses(e.target.value)} data-testid="registration-uses" />
      </Field>
      <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="registration-create">
        <Icon name="plus" /> {t('runners.createToken')}
      </button>
      {error != null && <ErrorBox error={error} />}
    </form>
  );
}

export default function Runners({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const runners = useQuery({ queryKey: tokenKeys.runners, queryFn: runnersApi.list, refetchInterval: 15_000 });
  const [created, setCreated] = useState<RegistrationToken | null>(null);
  const confirm = useConfirmDelete();

  useEffect(() => {
    document.title = `${t('runners.title')} · Poco`;
  }, [t]);

  const list = runners.data ?? [];
  return (
    <div className="caps" data-testid="admin-runners">
      <header className="caps-head">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <h1>{t('runners.title')}</h1>
      </header>
      <div className="caps-body">
        <div className="caps-content">
          <Section title={t('runners.register')} hint={t('runners.registerHint')}>
            <RegistrationTokenForm onCreated={setCreated} />
            {created && (
              <>
                <SecretOnce value={created.token} onDone={() => setCreated(null)} testId="registration-created" />
                <p className="muted">
                  {t('runners.command')} <code>./poco runner --server {window.location.origin} --registration-token {created.token}</code>
                </p>
              </>
            )}
          </Section>
          <Section
            title={t('runners.list')}
            hint={t('runners.listHint')}
            loading={runners.isLoading}
            error={runners.error}
            onRetry={() => void runners.refetch()}
            empty={list.length === 0 ? t('runners.empty') : null}
          >
            <ul className="cap-list">
              {list.map((runner) => (
                <ItemRow
                  key={runner.id ?? `shared:${runner.worker_id}`}
                  testId="runner-item"
                  name={runner.name}
                  badges={<Badge tone={runner.registered ? 'ok' : undefined}>{t(runner.registered ? 'runners.registered' : 'runners.shared')}</Badge>}
                  description={
                    <>
                      {runner.host && <>{runner.host} · </>}
                      {runner.worker_id && (
                        <>
                          <code>{runner.worker_id}</code> ·{' '}
                        </>
                      )}
                      {t('runners.lastHeartbeat')} <When iso={runner.last_heartbeat_at} never={t('tokens.never')} />
                      {runner.registered_at && (
                        <>
                          {' '}
                          · {t('runners.registeredAt')} <When iso={runner.registered_at} never={t('tokens.never')} />
                        </>
                      )}
                    </>
                  }
                  onDelete={
                    runner.id
                      ? () =>
                          confirm.ask(runner.name, async () => {
                            await runnersApi.revoke(runner.id!);
                            await queryClient.invalidateQueries({ queryKey: tokenKeys.runners });
                          })
                      : undefined
                  }
                />
              ))}
            </ul>
          </Section>
        </div>
      </div>
      {confirm.dialog}
    </div>
  );
}
