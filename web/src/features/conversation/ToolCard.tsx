import { memo, useMemo, useState, type ReactNode } from 'react';
import type { TodoItem } from '../../api/types';
import { useT, type T } from '../../i18n';
import type { ToolOutput } from './turns';
import { diffStats, lineDiff, type DiffLine } from '../../lib/diff';
import { formatDuration, stripAnsi } from '../../lib/format';
import { langForPath } from '../../lib/highlight';
import { toolResultImages, toolResultText } from './sdk';
import { Icon, Spinner, type IconName } from '../../ui/Icon';
import { HighlightedPre } from '../../ui/CodeBlock';
import { Markdown } from '../../ui/Markdown';
import { TodoList } from '../session/TodoList';

export interface ToolCardProps {
  name: string;
  input: Record<string, unknown>;
  output: ToolOutput | null;
  /** The session is still working, so a call without output is running (not interrupted). */
  active: boolean;
  defaultOpen?: boolean;
}

type Input = Record<string, unknown>;
const s = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));

export function shortPath(path: string): string {
  if (path.length <= 56) return path;
  const parts = path.split('/').filter(Boolean);
  return parts.length > 3 ? `…/${parts.slice(-3).join('/')}` : path;
}

function mcpName(name: string): { server: string; tool: string } | null {
  const m = /^mcp__(.+?)__(.+)$/.exec(name);
  return m ? { server: m[1].replace(/^_+|_+$/g, ''), tool: m[2] } : null;
}

const ICONS: Record<string, IconName> = {
  Bash: 'terminal',
  BashOutput: 'terminal',
  KillShell: 'terminal',
  Read: 'eye',
  Write: 'file',
  Edit: 'fileEdit',
  MultiEdit: 'fileEdit',
  NotebookEdit: 'fileEdit',
  Grep: 'search',
  Glob: 'search',
  LS: 'folder',
  TodoWrite: 'list',
  WebFetch: 'globe',
  WebSearch: 'globe',
  Task: 'agent',
  Agent: 'agent',
  Skill: 'sparkle',
  AskUserQuestion: 'question',
  ExitPlanMode: 'list',
};

function firstString(input: Input): string {
  for (const v of Object.values(input)) {
    if (typeof v === 'string' && v.trim()) return v.split('\n')[0];
  }
  return '';
}

export function toolSummary(name: string, input: Input, t: T): string {
  switch (name) {
    case 'Bash':
      return s(input.command).split('\n')[0];
    case 'Read':
    case 'Write':
    case 'Edit':
    case 'MultiEdit':
      return shortPath(s(input.file_path ?? input.path));
    case 'NotebookEdit':
      return shortPath(s(input.notebook_path ?? input.file_path));
    case 'Grep': {
      const where = s(input.path ?? input.glob);
      return `${s(input.pattern)}${where ? `  ·  ${shortPath(where)}` : ''}`;
    }
    case 'Glob':
      return s(input.pattern) + (input.path ? `  ·  ${shortPath(s(input.path))}` : '');
    case 'LS':
      return shortPath(s(input.path));
    case 'WebFetch':
      return s(input.url);
    case 'WebSearch':
      return s(input.query);
    case 'Task':
    case 'Agent':
      return s(input.description) || firstString(input);
    case 'TodoWrite':
      return t('tool.todos', { n: Array.isArray(input.todos) ? input.todos.length : 0 });
    case 'AskUserQuestion': {
      // Its input has no top-level string; show what was asked.
      const first = Array.isArray(input.questions) ? (input.questions[0] as Input | undefined) : undefined;
      return s(first?.question).split('\n')[0];
    }
    default:
      return firstString(input);
  }
}

const MAX_LINES = 200;

/** Tool output as text, cut to MAX_LINES until the user asks for all of it. */
function OutputText({ text, className, lang }: { text: string; className?: string; lang?: string | null }) {
  const t = useT();
  const [all, setAll] = useState(false);
  const lines = useMemo(() => text.split('\n'), [text]);
  const shown = all || lines.length <= MAX_LINES ? text : lines.slice(0, MAX_LINES).join('\n');
  return (
    <>
      {lang ? <HighlightedPre code={shown} lang={lang} className={className} /> : <pre className={className ?? 'plain-pre'}>{shown}</pre>}
      {!all && lines.length > MAX_LINES && (
        <button type="button" className="link-btn" onClick={() => setAll(true)}>
          {t('tool.showAll', { n: lines.length })}
        </button>
      )}
    </>
  );
}

function DiffView({ lines }: { lines: DiffLine[] }) {
  return (
    <pre className="diff" data-testid="tool-diff">
      {lines.map((l, i) => (
        <div key={i} className={l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : 'diff-ctx'}>
          <span className="diff-op">{l.op}</span>
          {l.text || ' '}
        </div>
      ))}
    </pre>
  );
}

function Section({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="tool-section">
      <div className="tool-section-label">{label}</div>
      {children}
    </div>
  );
}

function Output({ output, active, t, render }: {
  output: ToolOutput | null;
  active: boolean;
  t: T;
  render?: (text: string) => ReactNode;
}) {
  if (!output) {
    return (
      <div className="tool-output tool-output-pending" data-testid="tool-card-output" data-state={active ? 'running' : 'none'}>
        {active ? (
          <>
            <Spinner size={12} /> {t('tool.running')}
          </>
        ) : (
          t('tool.interrupted')
        )}
      </div>
    );
  }
  const text = stripAnsi(toolResultText(output.content));
  const images = toolResultImages(output.content);
  return (
    <div className={`tool-output${output.isError ? ' is-error' : ''}`} data-testid="tool-card-output" data-state={output.isError ? 'error' : 'done'}>
      {images.map((src, i) => (
        <img key={i} src={src} alt="" className="tool-image" />
      ))}
      {text.trim() === '' && images.length === 0 ? (
        <span className="muted">{t('tool.noOutput')}</span>
      ) : render && !output.isError ? (
        render(text)
      ) : (
        text.trim() !== '' && <OutputText text={text} />
      )}
    </div>
  );
}

function Body({ name, input, output, active, t }: ToolCardProps & { t: T }) {
  switch (name) {
    case 'Bash': {
      const text = output ? stripAnsi(toolResultText(output.content)) : '';
      return (
        <div className="terminal">
          <div className="terminal-cmd">
            <span className="terminal-prompt">$</span> {s(input.command)}
          </div>
          <div
            className={`tool-output terminal-out${output?.isError ? ' is-error' : ''}`}
            data-testid="tool-card-output"
            data-state={output ? (output.isError ? 'error' : 'done') : active ? 'running' : 'none'}
          >
            {output ? (
              text.trim() === '' ? <span className="muted">{t('tool.noOutput')}</span> : <OutputText text={text} className="terminal-pre" />
            ) : active ? (
              <Spinner size={12} />
            ) : (
              <span className="muted">{t('tool.interrupted')}</span>
            )}
          </div>
        </div>
      );
    }
    case 'Edit': {
      const lines = lineDiff(s(input.old_string), s(input.new_string));
      return (
        <>
          <DiffView lines={lines} />
          <Output output={output} active={active} t={t} />
        </>
      );
    }
    case 'MultiEdit': {
      const edits = Array.isArray(input.edits) ? (input.edits as Input[]) : [];
      return (
        <>
          {edits.map((e, i) => (
            <DiffView key={i} lines={lineDiff(s(e.old_string), s(e.new_string))} />
          ))}
          <Output output={output} active={active} t={t} />
        </>
      );
    }
    case 'Write': {
      const path = s(input.file_path);
      return (
        <>
          <HighlightedPre code={s(input.content)} lang={langForPath(path)} className="plain-pre file-content" />
          <Output output={output} active={active} t={t} />
        </>
      );
    }
    case 'Read':
    case 'Grep':
    case 'Glob':
    case 'LS': {
      const details = Object.entries(input).filter(([k]) => !['file_path', 'pattern'].includes(k));
      return (
        <>
          {details.length > 0 && (
            <div className="tool-params">
              {details.map(([k, v]) => (
                <span key={k} className="tool-param">
                  {k}: <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
                </span>
              ))}
            </div>
          )}
          <Output output={output} active={active} t={t} />
        </>
      );
    }
    case 'TodoWrite': {
      const todos = Array.isArray(input.todos) ? (input.todos as TodoItem[]) : [];
      return (
        <>
          <TodoList todos={todos} />
          {output?.isError && <Output output={output} active={active} t={t} />}
        </>
      );
    }
    case 'Task':
    case 'Agent':
      return (
        <>
          {typeof input.prompt === 'string' && (
            <Section label={t('tool.input')}>
              <Markdown text={input.prompt} className="md-small" />
            </Section>
          )}
          <Section label={t('tool.output')}>
            <Output output={output} active={active} t={t} render={(text) => <Markdown text={text} className="md-small" />} />
          </Section>
        </>
      );
    default:
      return (
        <>
          <Section label={t('tool.input')}>
            <HighlightedPre code={JSON.stringify(input, null, 2)} lang="json" className="plain-pre" />
          </Section>
          <Section label={t('tool.output')}>
            <Output output={output} active={active} t={t} />
          </Section>
        </>
      );
  }
}

function sameOutput(a: ToolOutput | null, b: ToolOutput | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.content === b.content && a.isError === b.isError && a.durationMs === b.durationMs;
}

/** Cards are rebuilt on every event; re-render only when what they show changed. */
function sameProps(a: ToolCardProps, b: ToolCardProps): boolean {
  return a.name === b.name && a.input === b.input && a.active === b.active && sameOutput(a.output, b.output);
}

export const ToolCard = memo(function ToolCard(props: ToolCardProps) {
  const t = useT();
  const { name, input, output, active } = props;
  const [open, setOpen] = useState(props.defaultOpen ?? false);
  const mcp = mcpName(name);
  const summary = toolSummary(name, input, t);
  const state = output ? (output.isError ? 'error' : 'done') : active ? 'running' : 'interrupted';

  const stats = useMemo(() => {
    if (name !== 'Edit' && name !== 'MultiEdit') return null;
    const edits = name === 'Edit' ? [input] : Array.isArray(input.edits) ? (input.edits as Input[]) : [];
    let added = 0;
    let removed = 0;
    for (const e of edits) {
      const st = diffStats(lineDiff(s(e.old_string), s(e.new_string)));
      added += st.added;
      removed += st.removed;
    }
    return { added, removed };
  }, [name, input]);

  let extra: ReactNode = null;
  if (stats) {
    const { added, removed } = stats;
    extra = (
      <span className="diffstat">
        <span className="diff-add-text">+{added}</span> <span className="diff-del-text">−{removed}</span>
      </span>
    );
  }

  return (
    <div className={`tool-card state-${state}`} data-testid="tool-card" data-tool-name={name} data-state={state}>
      <button
        type="button"
        className="tool-head"
        aria-expanded={open}
        data-testid="tool-card-toggle"
        onClick={() => setOpen((o) => !o)}
        title={summary}
      >
        <Icon name={ICONS[name] ?? (mcp ? 'tool' : 'tool')} size={14} className="tool-icon" />
        <span className="tool-name">{mcp ? `${mcp.server} › ${mcp.tool}` : name}</span>
        <span className="tool-summary">{summary}</span>
        {extra}
        <span className="tool-status">
          {state === 'running' && <Spinner size={12} label={t('tool.running')} />}
          {state === 'error' && <span className="tool-error-tag">{t('tool.error')}</span>}
          {state === 'done' && output?.durationMs != null && output.durationMs >= 1000 && (
            <span className="muted">{formatDuration(output.durationMs)}</span>
          )}
        </span>
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} className="tool-chevron" />
      </button>
      {open && (
        <div className="tool-body">
          <Body {...props} t={t} />
        </div>
      )}
    </div>
  );
}, sameProps);
