import './Settings.css';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Link } from 'react-router';
import { useModels, useSystemStatus } from '../../api/queries';
import { LANG_NAMES, LANGS, setLang, useLang, useT, type MessageKey } from '../../i18n';
import { setDesktopNotifications, useDesktopNotifications } from '../attention/attention';
import { CompletionSoundToggle } from '../attention/CompletionSoundToggle';
import { readPref, writePref } from '../../lib/storage';
import { paths } from '../../routes';
import { setTheme, useTheme, type Theme } from '../../theme';
import { keepFocusInside } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { useSidebar } from '../sidebar/sidebarStore';

export const SETTINGS_TABS = ['account', 'models', 'usage', 'shortcuts', 'language', 'theme'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

/** The model new tasks start with, chosen here; empty for the server's default. */
export const DEFAULT_MODEL_KEY = 'poco.defaultModel';
export const preferredModel = (): string => readPref(DEFAULT_MODEL_KEY) ?? '';

/** Every keyboard shortcut of the app, for the Shortcuts tab (keys, then what they do). */
export const SHORTCUTS: readonly (readonly [string, MessageKey])[] = [
  ['Ctrl+K', 'shortcuts.search'],
  ['Ctrl+B', 'shortcuts.sidebar'],
  ['Ctrl+L', 'shortcuts.panel'],
  ['Ctrl+,', 'shortcuts.settings'],
  ['Enter', 'shortcuts.send'],
  ['Shift+Enter', 'shortcuts.newline'],
  ['↑ / ↓', 'shortcuts.history'],
  ['/', 'shortcuts.slash'],
  ['J / K', 'shortcuts.prompts'],
  ['← / →', 'shortcuts.resize'],
  ['Esc', 'shortcuts.close'],
  ['Ctrl+Shift+O', 'shortcuts.newTask'],
  ['Ctrl+Shift+L', 'shortcuts.theme'],
  ['Ctrl+Shift+S', 'shortcuts.stop'],
];

interface Props {
  onClose: () => void;
  initialTab?: SettingsTab;
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="settings-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AccountTab() {
  const t = useT();
  const status = useSystemStatus();
  const { sessions } = useSidebar();
  const userId = sessions.find((s) => s.user_id)?.user_id ?? null;
  return (
    <>
      <p className="muted">{t('settings.account.hint')}</p>
      <dl className="settings-list">
        <Row label={t('settings.account.user')} testId="settings-user-id">
          <code>{userId ?? t('settings.account.unknown')}</code>
        </Row>
        <Row label={t('settings.account.mode')}>{status?.auth_mode ?? '…'}</Row>
        <Row label={t('settings.account.version')}>{status?.version ?? '…'}</Row>
      </dl>
    </>
  );
}

function ModelsTab() {
  const t = useT();
  const models = useModels();
  const status = useSystemStatus();
  const [model, setModel] = useState(preferredModel);
  const configured = status?.model_configured;
  const list = models?.model_list ?? [];
  const choose = (value: string) => {
    setModel(value);
    writePref(DEFAULT_MODEL_KEY, value);
  };
  return (
    <>
      <label className="settings-field">
        <span>{t('settings.models.default')}</span>
        <select className="input" value={model} onChange={(e) => choose(e.target.value)} data-testid="settings-default-model">
          <option value="">{t('settings.models.serverDefault', { model: models?.default_model ?? status?.default_model ?? '…' })}</option>
          {list.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">{t('settings.models.defaultHint')}</p>
      <dl className="settings-list">
        <Row label={t('settings.models.key')} testId="settings-model-key">
          {configured == null ? (
            '…'
          ) : (
            <span className={`settings-badge ${configured ? 'ok' : 'missing'}`} data-configured={configured}>
              <Icon name={configured ? 'check' : 'alert'} size={13} />
              {configured ? t('settings.models.configured') : t('settings.models.notConfigured')}
            </span>
          )}
        </Row>
      </dl>
      <p className="muted">{t('settings.models.keyHint')}</p>
    </>
  );
}

function UsageTab({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <>
      <p className="muted">{t('settings.usage.hint')}</p>
      <Link className="btn" to={paths.usage()} onClick={onClose} data-testid="settings-usage-link">
        <Icon name="list" size={14} /> {t('settings.usage.open')}
      </Link>
    </>
  );
}

function ShortcutsTab() {
  const t = useT();
  return (
    <table className="settings-shortcuts" data-testid="settings-shortcuts">
      <caption className="visually-hidden">{t('settings.tab.shortcuts')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('settings.shortcuts.keys')}</th>
          <th scope="col">{t('settings.shortcuts.action')}</th>
        </tr>
      </thead>
      <tbody>
        {SHORTCUTS.map(([keys, label]) => (
          <tr key={keys}>
            <td>
              <kbd>{keys}</kbd>
            </td>
            <td>{t(label)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Choices<V extends string>({ name, value, options, onChange }: {
  name: string;
  value: V;
  options: readonly (readonly [V, string])[];
  onChange: (v: V) => void;
}) {
  return (
    <fieldset className="settings-choices">
      <legend className="visually-hidden">{name}</legend>
      {options.map(([v, label]) => (
        <label key={v} className={`settings-choice${v === value ? ' on' : ''}`}>
          <input type="radio" name={name} value={v} checked={v === value} onChange={() => onChange(v)} data-testid={`settings-${name}-${v}`} />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

function LanguageTab() {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <p className="muted">{t('settings.language.hint')}</p>
      <Choices name="language" value={lang} onChange={setLang} options={LANGS.map((l) => [l, LANG_NAMES[l]] as const)} />
    </>
  );
}

function ThemeTab() {
  const t = useT();
  const theme = useTheme();
  const options: readonly (readonly [Theme, string])[] = [
    ['system', t('nav.theme.system')],
    ['light', t('nav.theme.light')],
    ['dark', t('nav.theme.dark')],
  ];
  return (
    <>
      <Choices name="theme" value={theme} onChange={setTheme} options={options} />
      <DesktopNotifications />
      <CompletionSoundToggle />
    </>
  );
}

/** The opt-in for desktop notifications (a question waits, a task ends) while Poco is in the background. */
function DesktopNotifications() {
  const t = useT();
  const on = useDesktopNotifications();
  const [blocked, setBlocked] = useState(false);
  const supported = typeof Notification !== 'undefined';
  return (
    <div className="settings-field" data-testid="settings-notifications">
      <label className="settings-choice">
        <input
          type="checkbox"
          checked={on}
          disabled={!supported}
          data-testid="settings-notifications-toggle"
          onChange={(e) => {
            const want = e.target.checked;
            void setDesktopNotifications(want).then((now) => setBlocked(want && !now));
          }}
        />
        {t('attention.desktop')}
      </label>
      <p className="muted">{blocked ? t('attention.desktopBlocked') : t('attention.desktopHint')}</p>
    </div>
  );
}

/**
 * The settings dialog (Ctrl+, or the sidebar's settings row): tabs for the account, models, usage, shortcuts, language
 * and theme. Esc or the backdrop close it; Tab stays inside; the tabs move with the arrow keys.
 */
export function SettingsDialog({ onClose, initialTab = 'account' }: Props) {
  const t = useT();
  const ids = useId();
  const [tab, setTab] = useState<SettingsTab>(initialTab);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
    return () => previous?.focus?.();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else {
      keepFocusInside(e, dialog.current);
    }
  };

  const onTabKey = (e: KeyboardEvent) => {
    const i = SETTINGS_TABS.indexOf(tab);
    let next: number | null = null;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') next = (i + 1) % SETTINGS_TABS.length;
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') next = (i - 1 + SETTINGS_TABS.length) % SETTINGS_TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = SETTINGS_TABS.length - 1;
    if (next == null) return;
    e.preventDefault();
    setTab(SETTINGS_TABS[next]);
    document.getElementById(`${ids}-tab-${SETTINGS_TABS[next]}`)?.focus();
  };

  return createPortal(
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        className="modal settings-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        data-testid="settings-dialog"
        data-tab={tab}
        onKeyDown={onKeyDown}
      >
        <div className="settings-head">
          <h2 id={`${ids}-title`}>{t('settings.title')}</h2>
          <span className="spacer" />
          <button type="button" className="icon-btn" onClick={onClose} aria-label={t('settings.close')} title={t('settings.close')} data-testid="settings-close">
            <Icon name="x" />
          </button>
        </div>
        <div className="settings-main">
          <div className="settings-tabs" role="tablist" aria-orientation="vertical" aria-label={t('settings.title')} onKeyDown={onTabKey}>
            {SETTINGS_TABS.map((name) => (
              <button
                key={name}
                id={`${ids}-tab-${name}`}
                type="button"
                role="tab"
                aria-selected={tab === name}
                aria-controls={`${ids}-panel`}
                tabIndex={tab === name ? 0 : -1}
                className={tab === name ? 'on' : ''}
                onClick={() => setTab(name)}
                data-testid={`settings-tab-${name}`}
              >
                {t(`settings.tab.${name}`)}
              </button>
            ))}
          </div>
          <div className="settings-panel" role="tabpanel" tabIndex={0} id={`${ids}-panel`} aria-labelledby={`${ids}-tab-${tab}`} data-testid={`settings-panel-${tab}`}>
            <h3>{t(`settings.tab.${tab}`)}</h3>
            {tab === 'account' && <AccountTab />}
            {tab === 'models' && <ModelsTab />}
            {tab === 'usage' && <UsageTab onClose={onClose} />}
            {tab === 'shortcuts' && <ShortcutsTab />}
            {tab === 'language' && <LanguageTab />}
            {tab === 'theme' && <ThemeTab />}
          </div>
        </div>
      </div>
    </div>,
    document.body,
  );
}
