// Per-task toggles for the user's enabled MCP servers, skills and plugins (poco's connectors bar): a button
// that opens a panel of checkboxes, all on by default. What the user switches off (or back on) goes with the
// task as poco's `mcp_config` / `skill_config` / `plugin_config` (`{"<id>": bool}`); the installs themselves
// stay as they are.

import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { capApi, capKeys, installTargetField, type InstallKind } from '../../api/capabilities';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/en';
import { paths } from '../../routes';
import { Icon, Spinner } from '../../ui/Icon';
import { toolsOff, type ToolChoices, type ToolKind } from './modes';

const kinds: { kind: ToolKind; title: MessageKey }[] = [
  { kind: 'mcp', title: 'composer.tools.mcp' },
  { kind: 'skill', title: 'composer.tools.skills' },
  { kind: 'plugin', title: 'composer.tools.plugins' },
];

interface Item {
  id: number;
  name: string;
}

/** The user's enabled installs of a kind, with their names. */
function useEnabled(kind: InstallKind, active: boolean) {
  const installs = useQuery({ queryKey: capKeys.installs(kind), queryFn: () => capApi.installs(kind), enabled: active });
  const names = useQuery({
    queryKey: kind === 'mcp' ? capKeys.mcpServers : kind === 'skill' ? capKeys.skills : capKeys.plugins,
    queryFn: (): Promise<{ id: number; name: string }[]> =>
      kind === 'mcp' ? capApi.mcpServers() : kind === 'skill' ? capApi.skills() : capApi.plugins(),
    enabled: active,
  });
  const byId = new Map((names.data ?? []).map((n) => [n.id, n.name]));
  const items: Item[] = [];
  for (const install of installs.data ?? []) {
    const id = install[installTargetField[kind]];
    if (id != null && install.enabled) items.push({ id, name: byId.get(id) ?? `#${id}` });
  }
  items.sort((a, b) => a.name.localeCompare(b.name));
  return { items, loading: installs.isPending || names.isPending, error: installs.error ?? names.error };
}

export function ToolsPopover({ value, onChange }: { value: ToolChoices; onChange: (next: ToolChoices) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  // fetched once the panel was opened, then kept (the choices refer to what it listed)
  const [opened, setOpened] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const lists = {
    mcp: useEnabled('mcp', opened),
    skill: useEnabled('skill', opened),
    plugin: useEnabled('plugin', opened),
  };
  const off = toolsOff(value);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  useEffect(() => {
    if (open) root.current?.querySelector<HTMLElement>('.tools-panel input, .tools-panel a')?.focus();
  }, [open, lists.mcp.loading, lists.skill.loading, lists.plugin.loading]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (open && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    }
  };

  const isOn = (kind: ToolKind, id: number) => value[kind][id] ?? true;
  const set = (kind: ToolKind, id: number, on: boolean) => onChange({ ...value, [kind]: { ...value[kind], [id]: on } });

  const loading = lists.mcp.loading || lists.skill.loading || lists.plugin.loading;
  const empty = !loading && kinds.every(({ kind }) => lists[kind].items.length === 0);
  const label = off ? t('composer.tools.labelOff', { count: off }) : t('composer.tools.label');

  return (
    <div className="tools-popover" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className={`toggle-btn${off ? ' on' : ''}`}
        aria-expanded={open}
        aria-label={label}
        aria-controls={open ? panelId : undefined}
        title={t('composer.tools.hint')}
        data-testid="composer-tools"
        onClick={() => {
          setOpened(true);
          setOpen((o) => !o);
        }}
      >
        <Icon name="tool" size={14} /> <span className="toggle-label">{label}</span>
      </button>
      {open && (
        <div className="tools-panel" id={panelId} role="group" aria-label={t('composer.tools.title')} data-testid="composer-tools-panel">
          <div className="tools-head">{t('composer.tools.title')}</div>
          {loading && (
            <div className="muted tools-empty">
              <Spinner size={12} /> {t('composer.tools.loading')}
            </div>
          )}
          {empty && <div className="muted tools-empty">{t('composer.tools.empty')}</div>}
          {kinds.map(({ kind, title }) => {
            const list = lists[kind];
            if (list.items.length === 0) return null;
            return (
              <fieldset key={kind} className="tools-group" data-testid={`composer-tools-${kind}`}>
                <legend>{t(title)}</legend>
                {list.items.map((item) => (
                  <label key={item.id} className="tools-item">
                    <input
                      type="checkbox"
                      checked={isOn(kind, item.id)}
                      onChange={(e) => set(kind, item.id, e.target.checked)}
                      data-testid="composer-tool"
                      data-kind={kind}
                      data-name={item.name}
                    />
                    <span>{item.name}</span>
                  </label>
                ))}
              </fieldset>
            );
          })}
          <Link className="tools-manage" to={paths.capabilities('mcp')}>
            {t('composer.tools.manage')}
          </Link>
        </div>
      )}
    </div>
  );
}
