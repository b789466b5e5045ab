// The capabilities page (`/capabilities/<view>`): what the agent can use in every run — MCP
// servers, skills, plugins, slash commands, subagents, CLAUDE.md, secrets and permission rules. Tabs on the left
// (a scrolling strip on a phone), the chosen view on the right.

import './Capabilities.css';
import { useEffect } from 'react';
import { NavLink, Navigate, useParams } from 'react-router';
import { useT, type MessageKey } from '../../i18n';
import { paths } from '../../routes';
import { Icon, type IconName } from '../../ui/Icon';
import { ClaudeMd } from './ClaudeMd';
import { McpServers } from './McpServers';
import { Packages } from './Packages';
import { Permissions } from './Permissions';
import { Secrets } from './Secrets';
import { SlashCommands } from './SlashCommands';
import { Subagents } from './Subagents';

const capabilityViews = ['mcp', 'skills', 'plugins', 'commands', 'subagents', 'claude-md', 'secrets', 'permissions'] as const;
type CapabilityView = (typeof capabilityViews)[number];

const tabs: Record<CapabilityView, { label: MessageKey; icon: IconName }> = {
  mcp: { label: 'cap.view.mcp', icon: 'globe' },
  skills: { label: 'cap.view.skills', icon: 'sparkle' },
  plugins: { label: 'cap.view.plugins', icon: 'tool' },
  commands: { label: 'cap.view.commands', icon: 'terminal' },
  subagents: { label: 'cap.view.subagents', icon: 'agent' },
  'claude-md': { label: 'cap.view.claudeMd', icon: 'fileEdit' },
  secrets: { label: 'cap.view.secrets', icon: 'key' },
  permissions: { label: 'cap.view.permissions', icon: 'settings' },
};


function View({ view }: { view: CapabilityView }) {
  switch (view) {
    case 'mcp':
      return <McpServers />;
    case 'skills':
      return <Packages kind="skill" />;
    case 'plugins':
      return <Packages kind="plugin" />;
    case 'commands':
      return <SlashCommands />;
    case 'subagents':
      return <Subagents />;
    case 'claude-md':
      return <ClaudeMd />;
    case 'secrets':
      return <Secrets />;
    case 'permissions':
      return <Permissions />;
  }
}

export default function Capabilities({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const t = useT();
  const { view } = useParams();
  const current = capabilityViews.find((v) => v === view);

  useEffect(() => {
    document.title = `${t('cap.title')} · Poco`;
  }, [t]);

  // On a phone the tabs are a strip: keep the open one in sight.
  useEffect(() => {
    document.querySelector('.caps-tab.active')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [current]);

  if (!current) return <Navigate to={paths.capabilities('mcp')} replace />;
  return (
    <div className="caps" data-testid="capabilities">
      <header className="caps-head">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <h1>{t('cap.title')}</h1>
      </header>
      <div className="caps-body">
        <nav className="caps-tabs" aria-label={t('cap.title')}>
          {capabilityViews.map((v) => (
            <NavLink key={v} to={paths.capabilities(v)} className="caps-tab" data-testid={`cap-tab-${v}`} replace>
              <Icon name={tabs[v].icon} size={15} />
              <span>{t(tabs[v].label)}</span>
            </NavLink>
          ))}
        </nav>
        <div className="caps-content">
          <View key={current} view={current} />
        </div>
      </div>
    </div>
  );
}
