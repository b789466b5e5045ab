// Skills and plugins: the same page, with a plugin's description and version on top. Most arrive by
// import (zip or GitHub); a manual one takes its `entry` as JSON.

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { capApi, capKeys, type Plugin, type Skill, type SourceInfo } from '../../api/capabilities';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { ImportDialog } from './ImportDialog';
import { useInstalls } from './installs';
import { Badge, BulkButtons, Field, FormDialog, ItemRow, Section, Toggle, orNull, parseJsonObject, useConfirmDelete, useRefresh } from './parts';

type Kind = 'skill' | 'plugin';
type Item = Skill | Partial<Plugin>;

const api = {
  skill: { list: capApi.skills, create: capApi.createSkill, update: capApi.updateSkill, remove: capApi.deleteSkill, key: capKeys.skills },
  plugin: { list: capApi.plugins, create: capApi.createPlugin, update: capApi.updatePlugin, remove: capApi.deletePlugin, key: capKeys.plugins },
};

function sourceText(source: SourceInfo | null | undefined): string {
  if (!source) return '';
  if (source.kind === 'github') return source.repo ?? source.url ?? 'GitHub';
  if (source.kind === 'zip') return source.filename ?? 'zip';
  return '';
}

function PackageDialog({ kind, item, onClose }: { kind: Kind; item: Skill | Plugin | null; onClose: () => void }) {
  const t = useT();
  const refresh = useRefresh();
  const readOnly = item?.scope === 'system';
  const plugin = item as Plugin | null;
  const [name, setName] = useState(item?.name ?? '');
  const [entry, setEntry] = useState(item ? JSON.stringify(item.entry, null, 2) : '{}');
  const [description, setDescription] = useState(plugin?.description ?? '');
  const [version, setVersion] = useState(plugin?.version ?? '');
  const parsed = parseJsonObject(entry);
  const problem = 'error' in parsed ? (parsed.error === 'not-object' ? t('cap.jsonObject') : t('cap.jsonInvalid', { error: parsed.error })) : null;

  const save = async () => {
    const body: { name: string; entry: unknown; description?: string | null; version?: string | null } = {
      name: name.trim(),
      entry: JSON.parse(entry) as unknown,
    };
    if (kind === 'plugin') {
      body.description = orNull(description);
      body.version = orNull(version);
    }
    if (item) await api[kind].update(item.id, body);
    else {
      const created = await api[kind].create(body);
      await capApi.install(kind, created.id, true).catch(() => undefined);
    }
    await refresh();
  };

  const title = readOnly ? item.name : item ? t(kind === 'skill' ? 'skill.edit' : 'plugin.edit') : t(kind === 'skill' ? 'skill.new' : 'plugin.new');
  return (
    <FormDialog title={title} onSubmit={save} onClose={onClose} canSubmit={!!name.trim() && !problem} readOnly={readOnly}>
      <Field label={t('cap.name')} hint={t('cap.nameHint')}>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} disabled={readOnly} data-testid="pkg-name" />
      </Field>
      {kind === 'plugin' && (
        <>
          <Field label={t('cap.description')}>
            <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} disabled={readOnly} data-testid="pkg-description" />
          </Field>
          <Field label={t('plugin.version')}>
            <input className="input" value={version} onChange={(e) => setVersion(e.target.value)} disabled={readOnly} data-testid="pkg-version" />
          </Field>
        </>
      )}
      <Field label={t('pkg.entry')} hint={t('pkg.entryHint')}>
        <textarea
          className="input cap-code"
          rows={6}
          spellCheck={false}
          value={entry}
          onChange={(e) => setEntry(e.target.value)}
          disabled={readOnly}
          aria-invalid={!!problem}
          data-testid="pkg-entry"
        />
      </Field>
      {problem && !readOnly && (
        <div className="cap-validation" role="status">
          <Icon name="alert" size={14} /> {problem}
        </div>
      )}
    </FormDialog>
  );
}

export function Packages({ kind }: { kind: Kind }) {
  const t = useT();
  const query = useQuery<Item[]>({ queryKey: api[kind].key, queryFn: api[kind].list });
  const installs = useInstalls(kind);
  const confirm = useConfirmDelete();
  const [editing, setEditing] = useState<Skill | Plugin | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const items = (query.data ?? []) as (Skill | Plugin)[];
  const s = kind === 'skill';

  return (
    <>
      <Section
        title={t(s ? 'cap.view.skills' : 'cap.view.plugins')}
        hint={t(s ? 'skill.hint' : 'plugin.hint')}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        empty={items.length === 0 ? t(s ? 'skill.empty' : 'plugin.empty') : null}
        actions={
          <>
            <BulkButtons ids={items.map((i) => i.id)} onSet={installs.setAll} />
            <button type="button" className="btn btn-small" onClick={() => setEditing('new')} data-testid="cap-create">
              <Icon name="plus" size={14} /> {t(s ? 'skill.new' : 'plugin.new')}
            </button>
            <button type="button" className="btn btn-primary btn-small" onClick={() => setImporting(true)} data-testid="cap-import">
              <Icon name="download" size={14} /> {t('import.open')}
            </button>
          </>
        }
      >
        <ul className="cap-list">
          {items.map((item) => {
            const p = item as Plugin;
            const from = sourceText(item.source);
            return (
              <ItemRow
                key={item.id}
                name={item.name}
                system={item.scope === 'system'}
                badges={
                  <>
                    {p.version ? <Badge>v{p.version}</Badge> : null}
                    {from ? <Badge>{from}</Badge> : null}
                  </>
                }
                description={p.description ?? undefined}
                toggle={
                  <Toggle
                    checked={installs.isEnabled(item.id)}
                    label={t('cap.enabledNamed', { name: item.name })}
                    onChange={(on) => void installs.toggle(item.id, on)}
                    testId="cap-toggle"
                  />
                }
                onEdit={() => setEditing(item)}
                onDelete={() => confirm.ask(item.name, () => api[kind].remove(item.id))}
              />
            );
          })}
        </ul>
      </Section>
      {editing && <PackageDialog kind={kind} item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {importing && <ImportDialog kind={s ? 'skills' : 'plugins'} onClose={() => setImporting(false)} />}
      {confirm.dialog}
    </>
  );
}
