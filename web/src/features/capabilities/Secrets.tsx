// Secrets (env vars): a key, a description and a value that is written but never read back; the
// list only says whether a value is set. MCP definitions use them as ${KEY}.

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { capApi, capKeys, type EnvVar } from '../../api/capabilities';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { Badge, Field, FormDialog, ItemRow, Section, useConfirmDelete, useRefresh } from './parts';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function SecretDialog({ secret, onClose }: { secret: EnvVar | null; onClose: () => void }) {
  const t = useT();
  const refresh = useRefresh();
  const [key, setKey] = useState(secret?.key ?? '');
  const [description, setDescription] = useState(secret?.description ?? '');
  const [value, setValue] = useState('');
  const keyOk = KEY.test(key.trim());

  const save = async () => {
    if (secret) {
      const body: { value?: string; description?: string } = { description: description.trim() };
      if (value.trim()) body.value = value;
      await capApi.updateEnvVar(secret.id, body);
    } else {
      await capApi.createEnvVar({ key: key.trim(), value, ...(description.trim() ? { description: description.trim() } : {}) });
    }
    await refresh();
  };

  return (
    <FormDialog
      title={secret ? t('secret.edit', { key: secret.key }) : t('secret.new')}
      onSubmit={save}
      onClose={onClose}
      canSubmit={secret ? true : keyOk && !!value.trim()}
    >
      <Field label={t('secret.key')} hint={secret ? undefined : t('secret.keyHint')}>
        <input
          className="input cap-mono"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          disabled={!!secret}
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={!!key && !keyOk}
          data-testid="secret-key"
        />
      </Field>
      <Field label={t('cap.description')}>
        <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} data-testid="secret-description" />
      </Field>
      <Field label={secret ? t('secret.replace') : t('secret.value')} hint={t('secret.valueHint')}>
        <input
          className="input cap-mono"
          type="password"
          autoComplete="new-password"
          value={value}
          placeholder={secret ? t('secret.keep') : ''}
          onChange={(e) => setValue(e.target.value)}
          data-testid="secret-value"
        />
      </Field>
    </FormDialog>
  );
}

export function Secrets() {
  const t = useT();
  const query = useQuery({ queryKey: capKeys.envVars, queryFn: capApi.envVars });
  const confirm = useConfirmDelete();
  const [editing, setEditing] = useState<EnvVar | 'new' | null>(null);
  const secrets = query.data ?? [];

  return (
    <>
      <Section
        title={t('cap.view.secrets')}
        hint={t('secret.hint')}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        empty={secrets.length === 0 ? t('secret.empty') : null}
        actions={
          <button type="button" className="btn btn-primary btn-small" onClick={() => setEditing('new')} data-testid="cap-create">
            <Icon name="plus" size={14} /> {t('secret.new')}
          </button>
        }
      >
        <ul className="cap-list">
          {secrets.map((s) => (
            <ItemRow
              key={`${s.scope}-${s.id}`}
              name={s.key}
              system={s.scope === 'system'}
              badges={<Badge tone={s.is_set ? 'ok' : undefined}>{s.is_set ? t('secret.set') : t('secret.notSet')}</Badge>}
              description={s.description ?? undefined}
              onEdit={s.scope === 'system' ? undefined : () => setEditing(s)}
              onDelete={() => confirm.ask(s.key, () => capApi.deleteEnvVar(s.id))}
            />
          ))}
        </ul>
      </Section>
      {editing && <SecretDialog secret={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {confirm.dialog}
    </>
  );
}
