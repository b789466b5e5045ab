// The session's Computer panel (issue 13, poco's replay view): the agent's browser steps and
// terminal commands in order, a large view of one of them (the screenshot; the command and its
// output) and controls to move through them. While nothing else is chosen it shows the newest step
// and follows new ones as the run streams them. It sits in the side column (a tab on phones).

import '../files/FilesPanel.css'; // the side panels' shared head (.panel-head, .panel-title, .panel-empty)
import '../conversation/ToolCard.css'; // the tool bodies it reuses (terminal, screenshot, output)
import './Computer.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT, type T } from '../../i18n';
import { Icon, Spinner } from '../../ui/Icon';
import { browserAction, browserPageUrl, toolRenderer } from '../conversation/toolRenderers';
import type { ComputerStep } from './computer';

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
  return step.kind === 'terminal' ? t('computer.terminal') : t('browser.title', { action: browserAction(step.name) });
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
  // The chosen step's id; none follows the newest step. Choosing the newest follows again, as
  // scrolling to the bottom of the conversation does.
  const [chosen, setChosen] = useState<string | null>(null);
  const found = chosen == null ? -1 : steps.findIndex((s) => s.toolUseId === chosen);
  const following = found < 0;
  const index = following ? steps.length - 1 : found;
  const step = index >= 0 ? steps[index] : null;
  const select = (i: number) => {
    const target = steps[Math.max(0, Math.min(steps.length - 1, i))];
    if (target) setChosen(i >= steps.length - 1 ? null : target.toolUseId);
  };

  // Keep the chosen row in sight in the list (new steps arrive below it while following).
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const row = list.current?.querySelector<HTMLElement>('[aria-current="step"]');
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [index, steps.length]);

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
      {step == null ? (
        <p className="panel-empty" data-testid="computer-empty">
          {t('computer.empty')}
        </p>
      ) : (
        <>
          <StepView key={step.toolUseId} step={step} position={index + 1} sessionId={sessionId} active={active} t={t} />
          <div className="computer-controls" data-testid="computer-controls">
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
              max={Math.max(steps.length, 1)}
              step={1}
              value={index + 1}
              disabled={steps.length < 2}
              onChange={(e) => select(Number(e.target.value) - 1)}
              aria-label={t('computer.scrubber')}
              aria-valuetext={t('computer.position', { n: index + 1, total: steps.length, title: stepTitle(t, step) })}
              data-testid="computer-scrubber"
            />
            <button
              type="button"
              className="icon-btn"
              onClick={() => select(index + 1)}
              disabled={index >= steps.length - 1}
              aria-label={t('computer.next')}
              title={t('computer.next')}
              data-testid="computer-next"
            >
              <Icon name="chevronRight" />
            </button>
            <span className="computer-position muted" data-testid="computer-position">
              {index + 1} / {steps.length}
            </span>
            {following ? (
              active && (
                <span className="computer-live" data-testid="computer-live" role="status">
                  <span className="computer-live-dot" aria-hidden="true" />
                  {t('computer.live')}
                </span>
              )
            ) : (
              <button type="button" className="btn btn-small" onClick={() => setChosen(null)} data-testid="computer-latest">
                {t('computer.latest')}
              </button>
            )}
          </div>
          {/* Focusable, so the list scrolls from the keyboard. */}
          <ol className="computer-steps" ref={list} aria-label={t('computer.list')} data-testid="computer-steps" tabIndex={-1}>
            {steps.map((s, i) => {
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
                    <Icon name={s.kind === 'terminal' ? 'terminal' : 'browser'} size={14} className="computer-step-icon" />
                    <span className="computer-step-title">{s.kind === 'terminal' ? '$' : browserAction(s.name)}</span>
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
        <Icon name={step.kind === 'terminal' ? 'terminal' : 'browser'} size={14} />
        <span className="computer-view-title">{stepTitle(t, step)}</span>
        {step.kind === 'browser' && summary && (
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
