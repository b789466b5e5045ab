// How each tool's card looks: an icon, a one-line summary and a body, looked up by tool name.
// A tool without an entry (or a field an entry leaves out) gets the default: the generic icon,
// the input's first string as summary, and the input as JSON above the output.

import { useMemo, useState, type ReactNode } from 'react';
import type { TodoItem } from '../../api/types';
import { useT, type T } from '../../i18n';
import type { ToolOutput } from './turns';
import { lineDiff, type DiffLine } from '../../lib/diff';
import { stripAnsi } from '../../lib/format';
import { langForPath } from '../../lib/highlight';
import { toolResultImages, toolResultText } from './sdk';
import { Spinner, type IconName } from '../../ui/Icon';
import { HighlightedPre } from '../../ui/CodeBlock';
import { Markdown } from '../../ui/Markdown';
import { TodoList } from '../session/TodoList';
import { BrowserScreenshot } from './BrowserScreenshot';

export type ToolInput = Record<string, unknown>;

export interface ToolBodyProps {
  /** The tool's name as the agent called it. */
  name: string;
  input: ToolInput;
  output: ToolOutput | null;
  /** The session is still working, so a call without output is running (not interrupted). */
  active: boolean;
  t: T;
  /** The call's session and id, for what the server keeps per call (browser screenshots); absent in previews. */
  sessionId?: string;
  toolUseId?: string;
}

export interface ToolRenderer {
  icon: IconName;
  /** The name in the card's head, when the tool's own name reads badly. */
  title?: (name: string, t: T) => string;
  summary: (input: ToolInput, t: T) => string;
  Body: (props: ToolBodyProps) => ReactNode;
  /** The edits whose added/removed line counts show in the card's head. */
  edits?: (input: ToolInput) => ToolInput[];
  /** The card opens by itself once the call has its result (what the user answered stays in sight). */
  openWhenDone?: boolean;
}

export const s = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));

export function shortPath(path: string): string {
  if (path.length <= 56) return path;
  const parts = path.split('/').filter(Boolean);
  return parts.length > 3 ? `…/${parts.slice(-3).join('/')}` : path;
}

function firstString(input: ToolInput): string {
  for (const v of Object.values(input)) {
    if (typeof v === 'string' && v.trim()) return v.split('\n')[0];
  }
  return '';
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
      {lang ? <HighlightedPre code={shown} lang={lang} className={className} /> : <pre className={className ?? 'plain-pre'} tabIndex={0}>{shown}</pre>}
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
    <pre className="diff" data-testid="tool-diff" tabIndex={0}>
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

function DefaultBody({ input, output, active, t }: ToolBodyProps) {
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

function BashBody({ input, output, active, t }: ToolBodyProps) {
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

const editsOf = (input: ToolInput): ToolInput[] => (Array.isArray(input.edits) ? (input.edits as ToolInput[]) : []);

function EditBody({ input, output, active, t }: ToolBodyProps) {
  return (
    <>
      <DiffView lines={lineDiff(s(input.old_string), s(input.new_string))} />
      <Output output={output} active={active} t={t} />
    </>
  );
}

function MultiEditBody({ input, output, active, t }: ToolBodyProps) {
  return (
    <>
      {editsOf(input).map((e, i) => (
        <DiffView key={i} lines={lineDiff(s(e.old_string), s(e.new_string))} />
      ))}
      <Output output={output} active={active} t={t} />
    </>
  );
}

const WRITE_PREVIEW_LINES = 40;

/** Write: the file it wrote (path, size, the first lines), not the tool's "File created …" result; errors still show. */
function WriteBody({ input, output, active, t }: ToolBodyProps) {
  const path = s(input.file_path);
  const content = s(input.content);
  const [all, setAll] = useState(false);
  const lines = useMemo(() => content.split('\n'), [content]);
  const count = content.endsWith('\n') ? lines.length - 1 : lines.length;
  const cut = !all && lines.length > WRITE_PREVIEW_LINES;
  return (
    <>
      <div className="tool-file-head" data-testid="tool-write-file">
        <code className="tool-file-path">{path}</code>
        <span className="muted">{count === 1 ? t('tool.oneLine') : t('tool.lines', { n: count })}</span>
      </div>
      <HighlightedPre code={cut ? lines.slice(0, WRITE_PREVIEW_LINES).join('\n') : content} lang={langForPath(path)} className="plain-pre file-content" />
      {cut && (
        <button type="button" className="link-btn" onClick={() => setAll(true)}>
          {t('tool.showAll', { n: lines.length })}
        </button>
      )}
      {(!output || output.isError) && <Output output={output} active={active} t={t} />}
    </>
  );
}

/** `"question"="answer"` pairs of the CLI's AskUserQuestion result ("User has answered your questions: …"). */
export function parseAnswers(text: string): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"/g)) answers[m[1]] = m[2];
  return answers;
}

/** AskUserQuestion: each question with the answer given (from the call's input or its result). */
function QuestionsBody({ input, output, active, t }: ToolBodyProps) {
  const questions = Array.isArray(input.questions) ? (input.questions as ToolInput[]) : [];
  const text = output ? stripAnsi(toolResultText(output.content)) : '';
  const given = { ...parseAnswers(text), ...((input.answers as Record<string, string> | undefined) ?? {}) };
  const answered = questions.some((q) => given[s(q.question)]);
  return (
    <>
      <dl className="tool-answers" data-testid="tool-answers">
        {questions.map((q, i) => (
          <div key={i}>
            <dt>{s(q.question)}</dt>
            <dd data-testid="tool-answer">{given[s(q.question)] || (output ? '—' : '')}</dd>
          </div>
        ))}
      </dl>
      {(!answered || output?.isError) && <Output output={output} active={active} t={t} />}
    </>
  );
}

/** ExitPlanMode: the plan and whether it was approved. */
function PlanBody({ input, output, active, t }: ToolBodyProps) {
  return (
    <>
      {s(input.plan) && <Markdown text={s(input.plan)} className="tool-plan" />}
      {output ? (
        <div className={`tool-plan-outcome${output.isError ? ' is-error' : ''}`} data-testid="tool-plan-outcome" data-approved={!output.isError}>
          {output.isError ? t('plan.rejectedOutcome') : t('plan.approvedOutcome')}
        </div>
      ) : (
        <Output output={output} active={active} t={t} />
      )}
    </>
  );
}

/** The input's fields but `skip`, as `key: value` chips. */
function Params({ input, skip }: { input: ToolInput; skip: readonly string[] }) {
  const details = Object.entries(input).filter(([k]) => !skip.includes(k));
  if (details.length === 0) return null;
  return (
    <div className="tool-params">
      {details.map(([k, v]) => (
        <span key={k} className="tool-param">
          {k}: <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
        </span>
      ))}
    </div>
  );
}

/** Read, Grep, Glob, LS: the parameters besides the obvious one, then the output. */
function LookupBody({ input, output, active, t }: ToolBodyProps) {
  return (
    <>
      <Params input={input} skip={['file_path', 'pattern']} />
      <Output output={output} active={active} t={t} />
    </>
  );
}

/**
 * Poco's own Playwright MCP server (issue 13): its tools are `mcp____poco_playwright__browser_<action>`
 * (navigate, click, type, take_screenshot, snapshot, …). A user's own Playwright MCP server
 * (`mcp__playwright__browser_<action>`) drives a browser too and reads the same way; only poco's
 * uploads screenshots.
 */
export const BROWSER_TOOL_PREFIX = 'mcp____poco_playwright__browser_';
const BROWSER_TOOL = /^mcp__(?:__poco_)?playwright__browser_(.+)$/;

export const isBrowserTool = (name: string) => BROWSER_TOOL.test(name);

/** `browser_take_screenshot` → "take screenshot". */
export const browserAction = (name: string) => (BROWSER_TOOL.exec(name)?.[1] ?? name).replace(/_/g, ' ');

/** The page a step went to, or the page it acted on as the MCP server reports it ("Page URL: …"). */
export function browserPageUrl(input: ToolInput, output: ToolOutput | null): string {
  const url = s(input.url);
  if (url) return url;
  if (!output) return '';
  return /Page URL: (\S+)/.exec(toolResultText(output.content))?.[1] ?? '';
}

/** navigate: the URL; click, hover, type…: the element, the typed text, the key. */
export function browserSummary(input: ToolInput): string {
  const url = s(input.url);
  if (url) return url;
  const text = s(input.text);
  const parts = [s(input.element), text && `"${text.split('\n')[0]}"`, s(input.key)].filter(Boolean);
  return parts.length ? parts.join('  ·  ') : firstString(input);
}

function BrowserBody({ name, input, output, active, t, sessionId, toolUseId }: ToolBodyProps) {
  const action = browserAction(name);
  const url = browserPageUrl(input, output);
  return (
    <>
      <Params input={input} skip={['url', 'element', 'ref']} />
      {output && sessionId && toolUseId && (
        <BrowserScreenshot
          sessionId={sessionId}
          toolUseId={toolUseId}
          alt={url ? t('browser.alt', { action, url }) : t('browser.altNoUrl', { action })}
          t={t}
        />
      )}
      <Output output={output} active={active} t={t} />
    </>
  );
}

const BROWSER_RENDERER: Partial<ToolRenderer> = {
  icon: 'browser',
  title: (name, t) => t('browser.title', { action: browserAction(name) }),
  summary: browserSummary,
  Body: BrowserBody,
};

function TodoWriteBody({ input, output, active, t }: ToolBodyProps) {
  const todos = Array.isArray(input.todos) ? (input.todos as TodoItem[]) : [];
  return (
    <>
      <TodoList todos={todos} />
      {output?.isError && <Output output={output} active={active} t={t} />}
    </>
  );
}

function AgentBody({ input, output, active, t }: ToolBodyProps) {
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
}

export const DEFAULT_RENDERER: ToolRenderer = { icon: 'tool', summary: firstString, Body: DefaultBody };

const filePath = (input: ToolInput) => shortPath(s(input.file_path ?? input.path));
const agent: Partial<ToolRenderer> = {
  icon: 'agent',
  summary: (input) => s(input.description) || firstString(input),
  Body: AgentBody,
};
const lookup = { Body: LookupBody };

/** Tool name → what differs from the default card. */
export const TOOL_RENDERERS: Record<string, Partial<ToolRenderer>> = {
  Bash: { icon: 'terminal', summary: (input) => s(input.command).split('\n')[0], Body: BashBody },
  BashOutput: { icon: 'terminal' },
  KillShell: { icon: 'terminal' },
  Read: { icon: 'eye', summary: filePath, ...lookup },
  Write: { icon: 'file', summary: filePath, Body: WriteBody },
  Edit: { icon: 'fileEdit', summary: filePath, Body: EditBody, edits: (input) => [input] },
  MultiEdit: { icon: 'fileEdit', summary: filePath, Body: MultiEditBody, edits: editsOf },
  NotebookEdit: { icon: 'fileEdit', summary: (input) => shortPath(s(input.notebook_path ?? input.file_path)) },
  Grep: {
    icon: 'search',
    summary: (input) => {
      const where = s(input.path ?? input.glob);
      return `${s(input.pattern)}${where ? `  ·  ${shortPath(where)}` : ''}`;
    },
    ...lookup,
  },
  Glob: { icon: 'search', summary: (input) => s(input.pattern) + (input.path ? `  ·  ${shortPath(s(input.path))}` : ''), ...lookup },
  LS: { icon: 'folder', summary: (input) => shortPath(s(input.path)), ...lookup },
  TodoWrite: {
    icon: 'list',
    summary: (input, t) => t('tool.todos', { n: Array.isArray(input.todos) ? input.todos.length : 0 }),
    Body: TodoWriteBody,
  },
  WebFetch: { icon: 'globe', summary: (input) => s(input.url) },
  WebSearch: { icon: 'globe', summary: (input) => s(input.query) },
  Task: agent,
  Agent: agent,
  Skill: { icon: 'sparkle' },
  AskUserQuestion: {
    icon: 'question',
    // Its input has no top-level string; show what was asked.
    summary: (input) => {
      const first = Array.isArray(input.questions) ? (input.questions[0] as ToolInput | undefined) : undefined;
      return s(first?.question).split('\n')[0];
    },
    Body: QuestionsBody,
    openWhenDone: true,
  },
  ExitPlanMode: { icon: 'list', summary: (_input, t) => t('plan.summary'), Body: PlanBody, openWhenDone: true },
};

/**
 * The renderer for a tool: its entry over the default (own entries only, so `constructor` is just a
 * name); every tool of poco's browser shares one.
 */
export function toolRenderer(name: string): ToolRenderer {
  if (isBrowserTool(name)) return { ...DEFAULT_RENDERER, ...BROWSER_RENDERER };
  return Object.hasOwn(TOOL_RENDERERS, name) ? { ...DEFAULT_RENDERER, ...TOOL_RENDERERS[name] } : DEFAULT_RENDERER;
}

export function toolSummary(name: string, input: ToolInput, t: T): string {
  return toolRenderer(name).summary(input, t);
}
