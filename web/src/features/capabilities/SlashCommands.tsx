import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { capApi, capKeys, type CommandMode, type SlashCommand, type SlashCommandInput } from '../../api/capabilities';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { Badge, Field, FormDialog, ItemRow, ModeSelect, Section, Toggle, orNull, useAction, useConfirmDelete, useRefresh } from './parts';

const RAW_TEMPLATE = `---
description: Review the staged changes
argument-hint: [focus]
---

Review the staged changes with a focus on $ARGUMENTS.
`;

function CommandDialog({ command, onClose }: { command: SlashCommand | null; onClose: () => void }) {
  const t = useT();
  const refresh = useRefresh();
  const [name, setName] = useState(command?.name ?? '');
  const [mode, setMode] = useState<CommandMode>(command?.mode ?? 'structured');
  const [description, setDescription] = useState(command?.description ?? '');
  const [argumentHint, setArgumentHint] = useState(command?.argument_hint ?? '');
  const [allowedTools, setAllowedTools] = useState(command?.allowed_tools ?? '');
  const [content, setContent] = useState(command?.content ?? '');
  const [raw, setRaw] = useState(command?.raw_markdown ?? RAW_TEMPLATE);
  const body = mode === 'structured' ? content : raw;

  const save = async () => {
    const input: SlashCommandInput =
      mode === 'structured'
        ? {
            name: name.trim(),
            mode,
            description: orNull(description),
            argument_hint: orNull(argumentHint),
            allowed_tools: orNull(allowedTools),
            content,
          }
        : { name: name.trim(), mode, raw_markdown: raw };
    if (command) await capApi.updateSlashCommand(command.id, input);
    else await capApi.createSlashCommand({ ...input, enabled: true });
    await refresh();
  };

  return (
    <FormDialog
      title={command ? t('cmd.edit') : t('cmd.new')}
      onSubmit={save}
      onClose={onClose}
      canSubmit={!!name.trim() && !!body.trim()}
    >
      <Field label={t('cap.name')} hint={t('cmd.nameHint')}>
        <div className="cap-prefixed">
          <span className="muted">/</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value.replace(/^\//, ''))} data-testid="cmd-name" />
        </div>
      </Field>
      <ModeSelect value={mode} onChange={setMode} />
      {mode === 'structured' ? (
        <>
          <Field label={t('cap.description')}>
            <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} data-testid="cmd-description" />
          </Field>
          <Field label={t('cmd.argumentHint')}>
            <input className="input" value={argumentHint} onChange={(e) => setArgumentHint(e.target.value)} placeholder="[file]" data-testid="cmd-argument-hint" />
          </Field>
          <Field label={t('cmd.allowedTools')} hint={t('cmd.allowedToolsHint')}>
            <input className="input" value={allowedTools} onChange={(e) => setAllowedTools(e.target.value)} placeholder="Bash(git status:*), Read" data-testid="cmd-allowed-tools" />
          </Field>
          <Field label={t('cmd.content')} hint={t('cmd.contentHint')}>
            <textarea className="input cap-code" rows={8} value={content} onChange={(e) => setContent(e.target.value)} data-testid="cmd-content" />
          </Field>
        </>
      ) : (
        <Field label={t('cap.markdown')} hint={t('cmd.rawHint')}>
          <textarea className="input cap-code" rows={12} spellCheck={false} value={raw} onChange={(e) => setRaw(e.target.value)} data-testid="cmd-raw" />
        </Field>
      )}
    </FormDialog>
  );
}

export function SlashCommands() {
  const t = useT();
  const query = useQuery({ queryKey: capKeys.slashCommands, queryFn: capApi.slashCommands });
  const act = useAction();
  const confirm = useConfirmDelete();
  const [editing, setEditing] = useState<SlashCommand | 'new' | null>(null);
  const commands = query.data ?? [];

  return (
    <>
      <Section
        title={t('cap.view.commands')}
        hint={t('cmd.hint')}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        empty={commands.length === 0 ? t('cmd.empty') : null}
        actions={
          <button type="button" className="btn btn-primary btn-small" onClick={() => setEditing('new')} data-testid="cap-create">
            <Icon name="plus" size={14} /> {t('cmd.new')}
          </button>
        }
      >
        <ul className="cap-list">
          {commands.map((c) => (
            <ItemRow
              key={c.id}
              name={`/${c.name}`}
              badges={<Badge>{t(c.mode === 'raw' ? 'cap.mode.raw' : 'cap.mode.structured')}</Badge>}
              description={c.description ?? undefined}
              toggle={
                <Toggle
                  checked={c.enabled}
                  label={t('cap.enabledNamed', { name: c.name })}
                  onChange={(on) => void act(() => capApi.updateSlashCommand(c.id, { enabled: on }))}
                  testId="cap-toggle"
                />
              }
              onEdit={() => setEditing(c)}
              onDelete={() => confirm.ask(`/${c.name}`, () => capApi.deleteSlashCommand(c.id))}
            />
          ))}
        </ul>
      </Section>
      {editing && <CommandDialog command={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {confirm.dialog}
    </>
  );
}
