// The session's Computer panel (issue 13, poco's replay view): the agent's browser steps, terminal
// commands and file tools in order, a large view of one of them (the screenshot; the command and its
// output; the file call) and a timeline to move through them: previous/next, a scrubber, play/pause
// at a steady pace and a filter by kind (issue 16). While nothing else is chosen it shows the newest
// step and follows new ones as the run streams them. It sits in the side column (a tab on phones).

import '../files/FilesPanel.css'; // the side panels' shared head (.panel-head, .panel-title, .panel-empty)
import '../conversation/ToolCard.css'; // the tool bodies it reuses (terminal, screenshot, output)
import './Computer.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT, type T } from '../../i18n';
import { Icon, Spinner } from '../../ui/Icon';
import { browserAction, browserPageUrl, toolRenderer } from '../conversation/toolRenderers';
import type { ComputerStep, StepKind } from './computer';
import { INITIAL_TIMELINE, PLAY_INTERVAL_MS, TIMELINE_FILTERS, timelineReduce, timelineView, type TimelineAction, type TimelineState } from './timeline';

interface Props {
  sessionId: string;
  steps: readonly ComputerStep[];
  /** The session is still working: a step without output is running, and new ones will come. */
  active: boolean;
  onClose?: () => void;
  /** Buttons for the panel's head, before the close button (maximize). */
  actions?: ReactNode;
}

export function stepTitle(t: T, step: ComputerStep): string {
  if (step.kind === 'terminal') return t('computer.terminal');
  if (step.kind === 'files') return t('computer.fileStep', { tool: step.name });
  return t('browser.title', { action: browserAction(step.name) });
}

const KIND_ICON: Record<StepKind, 'terminal' | 'browser' | 'file'> = { terminal: 'terminal', browser: 'browser', files: 'file' };

/** The list row's short title: the prompt, the browser action or the file tool. */
function rowTitle(step: ComputerStep): string {
  if (step.kind === 'terminal') return '$';
  return step.kind === 'files' ? step.name : browserAction(step.name);
}

/** What the step did: the command, or the browser's target (else the page it acted on). */
function stepSummary(t: T, step: ComputerStep): string {
  const own = toolRenderer(step.name).summary(step.input, t);
  return own || (step.kind === 'browser' ? browserPageUrl(step.input, step.output) : '');
}

const stepsText = (t: T, n: number) => t(n === 1 ? 'computer.steps.one' : 'computer.steps.other', { n });

export function computerSummary(t: T, steps: readonly ComputerStep[]): string {
  return stepsText(t, steps.length);
}

type StepState = 'running' | 'interrupted' | 'error' | 'done';

function stepState(step: ComputerStep, active: boolean): StepState {
  if (step.output) return step.output.isError ? 'error' : 'done';
  return active ? 'running' : 'interrupted';
}

export function ComputerPanel({ sessionId, steps, active, onClose, actions }: Props) {
  const t = useT();
  // The shown frame, play and the filter (timeline.ts): with no frame chosen the newest shows and new
  // ones are followed; choosing the newest follows again, as scrolling to the bottom of the
  // conversation does.
  const [timeline, setTimeline] = useState<TimelineState>(INITIAL_TIMELINE);
  const dispatch = (action: TimelineAction) => setTimeline((s) => timelineReduce(s, action, steps));
  const { visible, index, following } = timelineView(timeline, steps);
  const step = index >= 0 ? visible[index] : null;
  const select = (i: number) => dispatch({ type: 'select', index: i });
  const playing = timeline.playing;

  // Play: the next frame after a steady pause; a frame change restarts the clock.
  const shown = step?.toolUseId ?? null;
  const stepsRef = useRef(steps);
  useEffect(() => {
    stepsRef.current = steps;
  }, [steps]);
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => setTimeline((s) => timelineReduce(s, { type: 'tick' }, stepsRef.current)), PLAY_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [playing, shown]);

  // Keep the chosen row in sight in the list (new steps arrive below it while following).
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const row = list.current?.querySelector<HTMLElement>('[aria-current="step"]');
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [index, visible.length]);

  const summary = computerSummary(t, steps);
  return (
    <section className="computer-panel" data-testid="computer-panel" aria-labelledby="computer-panel-title">
      <div className="panel-head">
        <h2 className="panel-title" id="computer-panel-title">
          {t('computer.title')}
        </h2>
        {steps.length > 0 && <span className="muted computer-summary">{summary}</span>}
        <span className="spacer" />
        {actions}
        {onClose && (
          <button
            type="button"
            className="icon-btn hide-mobile"
            onClick={onClose}
            aria-label={t('computer.hide', { summary })}
            title={t('computer.hide', { summary })}
          >
            <Icon name="x" />
          </button>
        )}
      </div>
      {steps.length > 0 && (
        <div className="computer-filter" role="group" aria-label={t('computer.filter')} data-testid="computer-filter">
          {TIMELINE_FILTERS.map((f) => {
            const n = f === 'all' ? steps.length : steps.filter((x) => x.kind === f).length;
            const on = timeline.filter === f;
            return (
              <button
                key={f}
                type="button"
                aria-pressed={on}
                className={`computer-filter-btn${on ? ' on' : ''}`}
                onClick={() => dispatch({ type: 'filter', filter: f })}
                data-testid="computer-filter-option"
                data-filter={f}
              >
                {t(`computer.filter.${f}`)} <span className="computer-filter-n">{n}</span>
              </button>
            );
          })}
        </div>
      )}
      {step == null ? (
        <p className="panel-empty" data-testid="computer-empty">
          {steps.length > 0 ? t('computer.filterEmpty') : t('computer.empty')}
        </p>
      ) : (
        <>
          <StepView key={step.toolUseId} step={step} position={index + 1} sessionId={sessionId} active={active} t={t} />
          <div className="computer-controls" data-testid="computer-controls">
            <button
              type="button"
              className="icon-btn"
              onClick={() => dispatch({ type: playing ? 'pause' : 'play' })}
              disabled={!playing && visible.length < 2}
              aria-label={t(playing ? 'computer.pause' : 'computer.play')}
              title={t(playing ? 'computer.pause' : 'computer.play')}
              aria-pressed={playing}
              data-testid="computer-play"
              data-playing={playing}
            >
              <Icon name={playing ? 'pause' : 'play'} />
            </button>
            <button
              type="button"
              className="icon-btn"
              onClick={() => select(index - 1)}
              disabled={index <= 0}
              aria-label={t('computer.previous')}
              title={t('computer.previous')}
              data-testid="computer-prev"
            >
              <Icon name="chevronLeft" />
            </button>
            <input
              type="range"
              className="computer-scrubber"
              min={1}
              max={Math.max(visible.length, 1)}
              step={1}
              value={index + 1}
              disabled={visible.length < 2}
              onChange={(e) => select(Number(e.target.value) - 1)}
              aria-label={t('computer.scrubber')}
              aria-valuetext={t('computer.position', { n: index + 1, total: visible.length, title: stepTitle(t, step) })}
              data-testid="computer-scrubber"
            />
            <button
              type="button"
              className="icon-btn"
              onClick={() => select(index + 1)}
              disabled={index >= visible.length - 1}
              aria-label={t('computer.next')}
              title={t('computer.next')}
              data-testid="computer-next"
            >
              <Icon name="chevronRight" />
            </button>
            <span className="computer-position muted" data-testid="computer-position">
              {index + 1} / {visible.length}
            </span>
            {following && !playing ? (
              active && (
                <span className="computer-live" data-testid="computer-live" role="status">
                  <span className="computer-live-dot" aria-hidden="true" />
                  {t('computer.live')}
                </span>
              )
            ) : (
              <button type="button" className="btn btn-small" onClick={() => dispatch({ type: 'latest' })} data-testid="computer-latest">
                {t('computer.latest')}
              </button>
            )}
          </div>
          {/* Focusable, so the list scrolls from the keyboard. */}
          <ol className="computer-steps" ref={list} aria-label={t('computer.list')} data-testid="computer-steps" tabIndex={-1}>
            {visible.map((s, i) => {
              const state = stepState(s, active);
              return (
                <li key={s.toolUseId}>
                  <button
                    type="button"
                    className={`computer-step state-${state}`}
                    aria-current={i === index ? 'step' : undefined}
                    onClick={() => select(i)}
                    data-testid="computer-step"
                    data-kind={s.kind}
                    data-state={state}
                    data-tool-use-id={s.toolUseId}
                  >
                    <span className="computer-step-n">{i + 1}</span>
                    <Icon name={KIND_ICON[s.kind]} size={14} className="computer-step-icon" />
                    <span className="computer-step-title">{rowTitle(s)}</span>
                    <span className="computer-step-summary">{stepSummary(t, s)}</span>
                    {state === 'running' && <Spinner size={11} label={t('tool.running')} />}
                    {state === 'error' && <span className="tool-error-tag">{t('tool.error')}</span>}
                  </button>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}

/** One step at full panel width: its title and summary, then the body its tool card shows. */
function StepView({ step, position, sessionId, active, t }: {
  step: ComputerStep;
  position: number;
  sessionId: string;
  active: boolean;
  t: T;
}) {
  const renderer = toolRenderer(step.name);
  const summary = stepSummary(t, step);
  return (
    <div
      className={`computer-view kind-${step.kind}`}
      data-testid="computer-view"
      data-kind={step.kind}
      data-tool-use-id={step.toolUseId}
      role="region"
      aria-label={t('computer.stepLabel', { n: position, title: stepTitle(t, step) })}
      tabIndex={0}
    >
      <div className="computer-view-head">
        <Icon name={KIND_ICON[step.kind]} size={14} />
        <span className="computer-view-title">{stepTitle(t, step)}</span>
        {step.kind !== 'terminal' && summary && (
          <span className="computer-view-summary" title={summary}>
            {summary}
          </span>
        )}
      </div>
      <div className="computer-view-body">
        <renderer.Body
          name={step.name}
          input={step.input}
          output={step.output}
          active={active}
          t={t}
          sessionId={sessionId}
          toolUseId={step.toolUseId}
        />
      </div>
    </div>
  );
}
