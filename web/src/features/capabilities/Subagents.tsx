import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { capApi, capKeys, type CommandMode, type Subagent, type SubagentInput } from '../../api/capabilities';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { Badge, Field, FormDialog, ItemRow, ModeSelect, Section, Toggle, orNull, useAction, useConfirmDelete, useRefresh } from './parts';

const rawTemplate = (name: string) => `---
name: ${name || 'reviewer'}
description: Reviews code for bugs and style
tools: Read, Grep, Glob
---

You are a careful code reviewer.
`;

/** "Read, Grep ,Bash" → ["Read", "Grep", "Bash"]; nothing → null (every tool). */
function toolList(text: string): string[] | null {
  const tools = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return tools.length ? tools : null;
}

function SubagentDialog({ agent, onClose }: { agent: Subagent | null; onClose: () => void }) {
  const t = useT();
  const refresh = useRefresh();
  const [name, setName] = useState(agent?.name ?? '');
  const [mode, setMode] = useState<CommandMode>(agent?.mode ?? 'structured');
  const [description, setDescription] = useState(agent?.description ?? '');
  const [prompt, setPrompt] = useState(agent?.prompt ?? '');
  const [tools, setTools] = useState(agent?.tools?.join(', ') ?? '');
  const [raw, setRaw] = useState(agent?.raw_markdown ?? '');
  const ready = mode === 'structured' ? !!description.trim() && !!prompt.trim() : !!raw.trim();

  const save = async () => {
    const input: SubagentInput =
      mode === 'structured'
        ? { name: name.trim(), mode, description: orNull(description), prompt, tools: toolList(tools) }
        : { name: name.trim(), mode, raw_markdown: raw };
    if (agent) await capApi.updateSubagent(agent.id, input);
    else await capApi.createSubagent({ ...input, enabled: true });
    await refresh();
  };

  return (
    <FormDialog title={agent ? t('agent.edit') : t('agent.new')} onSubmit={save} onClose={onClose} canSubmit={!!name.trim() && ready}>
      <Field label={t('cap.name')} hint={t('cap.nameHint')}>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} data-testid="agent-name" />
      </Field>
      <ModeSelect
        value={mode}
        onChange={(m) => {
          setMode(m);
          if (m === 'raw' && !raw.trim()) setRaw(rawTemplate(name.trim()));
        }}
      />
      {mode === 'structured' ? (
        <>
          <Field label={t('cap.description')} hint={t('agent.descriptionHint')}>
            <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} data-testid="agent-description" />
          </Field>
          <Field label={t('agent.prompt')}>
            <textarea className="input" rows={8} value={prompt} onChange={(e) => setPrompt(e.target.value)} data-testid="agent-prompt" />
          </Field>
          <Field label={t('agent.tools')} hint={t('agent.toolsHint')}>
            <input className="input" value={tools} onChange={(e) => setTools(e.target.value)} placeholder="Read, Grep, Glob" data-testid="agent-tools" />
          </Field>
        </>
      ) : (
        <Field label={t('cap.markdown')} hint={t('agent.rawHint')}>
          <textarea className="input cap-code" rows={12} spellCheck={false} value={raw} onChange={(e) => setRaw(e.target.value)} data-testid="agent-raw" />
        </Field>
      )}
    </FormDialog>
  );
}

export function Subagents() {
  const t = useT();
  const query = useQuery({ queryKey: capKeys.subagents, queryFn: capApi.subagents });
  const act = useAction();
  const confirm = useConfirmDelete();
  const [editing, setEditing] = useState<Subagent | 'new' | null>(null);
  const agents = query.data ?? [];

  return (
    <>
      <Section
        title={t('cap.view.subagents')}
        hint={t('agent.hint')}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        empty={agents.length === 0 ? t('agent.empty') : null}
        actions={
          <button type="button" className="btn btn-primary btn-small" onClick={() => setEditing('new')} data-testid="cap-create">
            <Icon name="plus" size={14} /> {t('agent.new')}
          </button>
        }
      >
        <ul className="cap-list">
          {agents.map((a) => (
            <ItemRow
              key={a.id}
              name={a.name}
              badges={<Badge>{t(a.mode === 'raw' ? 'cap.mode.raw' : 'cap.mode.structured')}</Badge>}
              description={a.description ?? undefined}
              toggle={
                <Toggle
                  checked={a.enabled}
                  label={t('cap.enabledNamed', { name: a.name })}
                  onChange={(on) => void act(() => capApi.updateSubagent(a.id, { enabled: on }))}
                  testId="cap-toggle"
                />
              }
              onEdit={() => setEditing(a)}
              onDelete={() => confirm.ask(a.name, () => capApi.deleteSubagent(a.id))}
            />
          ))}
        </ul>
      </Section>
      {editing && <SubagentDialog agent={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {confirm.dialog}
    </>
  );
}
