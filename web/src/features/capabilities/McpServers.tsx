import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { capApi, capKeys, type McpServer } from '../../api/capabilities';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useInstalls } from './installs';
import { BulkButtons, Field, FormDialog, ItemRow, Section, Toggle, parseJsonObject, useConfirmDelete, useRefresh } from './parts';

const TEMPLATE = `{
  "command": "npx",
  "args": ["-y", "@modelcontextprotocol/server-everything"],
  "env": { "API_KEY": "\${MY_SECRET}" }
}`;

/** The server's one definition (the config is stored as `{mcpServers: {<key>: def}}`). */
function summary(server: McpServer): string {
  const servers = server.server_config?.mcpServers;
  const def = servers && typeof servers === 'object' ? Object.values(servers as Record<string, unknown>)[0] : undefined;
  if (!def || typeof def !== 'object') return '';
  const d = def as { type?: unknown; command?: unknown; args?: unknown; url?: unknown };
  if (typeof d.url === 'string') return `${typeof d.type === 'string' ? d.type : 'http'} · ${d.url}`;
  if (typeof d.command === 'string') {
    const args = Array.isArray(d.args) ? d.args.filter((a) => typeof a === 'string').join(' ') : '';
    return `stdio · ${d.command}${args ? ` ${args}` : ''}`;
  }
  return '';
}

/** Client-side checks before the server's own (which sends `{errors: [{path, message}]}` back). */
export function checkMcpConfig(text: string, t: ReturnType<typeof useT>): string | null {
  if (!text.trim()) return t('mcp.configRequired');
  const parsed = parseJsonObject(text);
  if ('error' in parsed) return parsed.error === 'not-object' ? t('cap.jsonObject') : t('cap.jsonInvalid', { error: parsed.error });
  const servers = parsed.value.mcpServers;
  if (servers !== undefined) {
    if (!servers || typeof servers !== 'object' || Array.isArray(servers)) return t('mcp.wrapperObject');
    if (Object.keys(servers).length !== 1) return t('mcp.wrapperOne');
  }
  return null;
}

function McpDialog({ server, onClose }: { server: McpServer | null; onClose: () => void }) {
  const t = useT();
  const refresh = useRefresh();
  const readOnly = server?.scope === 'system';
  const [name, setName] = useState(server?.name ?? '');
  const [config, setConfig] = useState(server ? JSON.stringify(server.server_config, null, 2) : TEMPLATE);
  const problem = checkMcpConfig(config, t);

  const save = async () => {
    const body = { name: name.trim(), server_config: JSON.parse(config) as unknown };
    if (server) await capApi.updateMcpServer(server.id, body);
    else {
      const created = await capApi.createMcpServer(body);
      // A new server is meant to be used: install it switched on (the server may have done so already).
      await capApi.install('mcp', created.id, true).catch(() => undefined);
    }
    await refresh();
  };

  return (
    <FormDialog
      title={readOnly ? server.name : server ? t('mcp.edit') : t('mcp.new')}
      onSubmit={save}
      onClose={onClose}
      canSubmit={!!name.trim() && !problem}
      readOnly={readOnly}
    >
      <Field label={t('cap.name')}>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} disabled={readOnly} data-testid="mcp-name" />
      </Field>
      <Field label={t('mcp.config')} hint={t('mcp.configHint')}>
        <textarea
          className="input cap-code"
          rows={12}
          spellCheck={false}
          value={config}
          onChange={(e) => setConfig(e.target.value)}
          disabled={readOnly}
          aria-invalid={!!problem}
          data-testid="mcp-config"
        />
      </Field>
      {problem && !readOnly && (
        <div className="cap-validation" role="status" data-testid="mcp-config-problem">
          <Icon name="alert" size={14} /> {problem}
        </div>
      )}
    </FormDialog>
  );
}

export function McpServers() {
  const t = useT();
  const query = useQuery({ queryKey: capKeys.mcpServers, queryFn: capApi.mcpServers });
  const installs = useInstalls('mcp');
  const confirm = useConfirmDelete();
  const [editing, setEditing] = useState<McpServer | 'new' | null>(null);
  const servers = query.data ?? [];

  return (
    <>
    <Section
      title={t('cap.view.mcp')}
      hint={t('mcp.hint')}
      loading={query.isPending}
      error={query.error}
      onRetry={() => void query.refetch()}
      empty={servers.length === 0 ? t('mcp.empty') : null}
      actions={
        <>
          <BulkButtons ids={servers.map((s) => s.id)} onSet={installs.setAll} />
          <button type="button" className="btn btn-primary btn-small" onClick={() => setEditing('new')} data-testid="cap-create">
            <Icon name="plus" size={14} /> {t('mcp.new')}
          </button>
        </>
      }
    >
      <ul className="cap-list">
        {servers.map((s) => (
          <ItemRow
            key={s.id}
            name={s.name}
            system={s.scope === 'system'}
            description={summary(s)}
            toggle={
              <Toggle
                checked={installs.isEnabled(s.id)}
                label={t('cap.enabledNamed', { name: s.name })}
                onChange={(on) => void installs.toggle(s.id, on)}
                testId="cap-toggle"
              />
            }
            onEdit={() => setEditing(s)}
            onDelete={() => confirm.ask(s.name, () => capApi.deleteMcpServer(s.id))}
          />
        ))}
      </ul>
    </Section>
    {editing && <McpDialog server={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    {confirm.dialog}
    </>
  );
}
