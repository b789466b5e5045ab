import './QuestionCard.css';
import { useEffect, useState } from 'react';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/client';
import type { Question, UserInputRequest } from '../../api/types';
import { useT } from '../../i18n';
import { Icon, Spinner } from '../../ui/Icon';
import { Markdown } from '../../ui/Markdown';

export interface Selection {
  /** Chosen option labels (one at most for single-select). */
  selected: string[];
  otherChosen: boolean;
  other: string;
}

export const emptySelection = (): Selection => ({ selected: [], otherChosen: false, other: '' });

/** The answer text of one question, or '' when unanswered. */
export function answerFor(q: Question, sel: Selection | undefined): string {
  if (!sel) return '';
  const other = sel.otherChosen ? sel.other.trim() : '';
  if (q.multiSelect) {
    const parts = [...sel.selected];
    if (other) parts.push(other);
    return parts.join(', ');
  }
  if (sel.otherChosen) return other;
  return sel.selected[0] ?? '';
}

/** `{ "<question text>": "<label or text>" }`; multi-select labels joined with ", ". */
export function buildAnswers(questions: Question[], selections: Record<number, Selection>): Record<string, string> {
  const answers: Record<string, string> = {};
  questions.forEach((q, i) => {
    answers[q.question] = answerFor(q, selections[i]);
  });
  return answers;
}

/** Seconds left until `expiresAt`, updated every second; null without a valid date. */
export function useCountdown(expiresAt: string | null | undefined): number | null {
  const target = expiresAt ? Date.parse(expiresAt) : NaN;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (Number.isNaN(target)) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [target]);
  if (Number.isNaN(target)) return null;
  return Math.max(0, Math.ceil((target - now) / 1000));
}

function formatLeft(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

function Countdown({ seconds }: { seconds: number | null }) {
  const t = useT();
  if (seconds == null || seconds <= 0) return null;
  return (
    <span className={`countdown${seconds <= 15 ? ' urgent' : ''}`} data-testid="question-countdown">
      {t('question.expiresIn', { time: formatLeft(seconds) })}
    </span>
  );
}

interface CardProps {
  request: UserInputRequest;
  onAnswered: (r: UserInputRequest) => void;
}

function useSubmit(request: UserInputRequest, onAnswered: (r: UserInputRequest) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (answers: Record<string, string>) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.answer(request.id, answers);
      onAnswered(res ?? { ...request, status: 'answered', answers, updated_at: new Date().toISOString() });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

export function QuestionCard({ request, onAnswered }: CardProps) {
  const t = useT();
  const questions = request.tool_input.questions ?? [];
  const [sel, setSel] = useState<Record<number, Selection>>({});
  const left = useCountdown(request.expires_at);
  const expired = left === 0;
  const { busy, error, submit } = useSubmit(request, onAnswered);
  const complete = questions.length > 0 && questions.every((q, i) => answerFor(q, sel[i]) !== '');

  const update = (i: number, f: (s: Selection) => Selection) =>
    setSel((prev) => ({ ...prev, [i]: f(prev[i] ?? emptySelection()) }));

  return (
    <form
      className={`card question-card${expired ? ' is-expired' : ''}`}
      data-testid="question-card"
      data-kind="question"
      data-request-id={request.id}
      onSubmit={(e) => {
        e.preventDefault();
        if (complete && !busy && !expired) void submit(buildAnswers(questions, sel));
      }}
    >
      <div className="card-head">
        <Icon name="question" size={16} />
        <span className="card-title">{t('question.title')}</span>
        <Countdown seconds={left} />
      </div>
      {questions.map((q, i) => {
        const s = sel[i] ?? emptySelection();
        const name = `q-${request.id}-${i}`;
        const type = q.multiSelect ? 'checkbox' : 'radio';
        return (
          <fieldset key={i} className="question" disabled={busy || expired}>
            <legend>
              {q.header && <span className="chip">{q.header}</span>}
              <span className="question-text">{q.question}</span>
            </legend>
            <div className="options">
              {(q.options ?? []).map((opt) => {
                const checked = s.selected.includes(opt.label);
                return (
                  <label key={opt.label} className={`option${checked ? ' checked' : ''}`} data-testid="question-option">
                    <input
                      type={type}
                      name={name}
                      checked={checked}
                      onChange={() =>
                        update(i, (cur) =>
                          q.multiSelect
                            ? {
                                ...cur,
                                selected: checked ? cur.selected.filter((l) => l !== opt.label) : [...cur.selected, opt.label],
                              }
                            : { ...cur, selected: [opt.label], otherChosen: false },
                        )
                      }
                    />
                    <span className="option-text">
                      <span className="option-label">{opt.label}</span>
                      {opt.description && <span className="option-desc">{opt.description}</span>}
                    </span>
                  </label>
                );
              })}
              <label className={`option option-other${s.otherChosen ? ' checked' : ''}`} data-testid="question-option" data-other="true">
                <input
                  type={type}
                  name={name}
                  checked={s.otherChosen}
                  onChange={() =>
                    update(i, (cur) =>
                      q.multiSelect ? { ...cur, otherChosen: !cur.otherChosen } : { ...cur, selected: [], otherChosen: true },
                    )
                  }
                />
                <span className="option-text">
                  <span className="option-label">{t('question.other')}</span>
                </span>
              </label>
              {(s.otherChosen || (q.options ?? []).length === 0) && (
                <input
                  type="text"
                  className="input other-input"
                  data-testid="question-other-input"
                  placeholder={t('question.otherPlaceholder')}
                  aria-label={`${q.question} — ${t('question.other')}`}
                  value={s.other}
                  autoFocus={s.otherChosen}
                  onChange={(e) => {
                    const v = e.target.value;
                    update(i, (cur) =>
                      q.multiSelect ? { ...cur, other: v, otherChosen: true } : { ...cur, other: v, otherChosen: true, selected: [] },
                    );
                  }}
                />
              )}
            </div>
          </fieldset>
        );
      })}
      {expired && <div className="card-note">{t('question.expired')}</div>}
      {error && (
        <div className="inline-error" role="alert">
          {error}
        </div>
      )}
      <div className="card-actions">
        <button type="submit" className="btn btn-primary" disabled={!complete || busy || expired} data-testid="question-submit">
          {busy && <Spinner size={12} />} {t('question.submit')}
        </button>
      </div>
    </form>
  );
}

export function PlanCard({ request, onAnswered }: CardProps) {
  const t = useT();
  const plan = typeof request.tool_input.plan === 'string' ? request.tool_input.plan : '';
  const left = useCountdown(request.expires_at);
  const expired = left === 0;
  const { busy, error, submit } = useSubmit(request, onAnswered);
  return (
    <div
      className={`card plan-card${expired ? ' is-expired' : ''}`}
      data-testid="question-card"
      data-kind="plan"
      data-request-id={request.id}
    >
      <div className="card-head">
        <Icon name="list" size={16} />
        <span className="card-title">{t('plan.title')}</span>
        <Countdown seconds={left} />
      </div>
      <div className="plan-body">
        <Markdown text={plan} />
      </div>
      {expired && <div className="card-note">{t('question.expired')}</div>}
      {error && (
        <div className="inline-error" role="alert">
          {error}
        </div>
      )}
      <div className="card-actions">
        <button
          type="button"
          className="btn"
          disabled={busy || expired}
          data-testid="plan-reject"
          onClick={() => void submit({ approved: 'false' })}
        >
          {t('plan.reject')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || expired}
          data-testid="plan-approve"
          onClick={() => void submit({ approved: 'true' })}
        >
          {busy && <Spinner size={12} />} {t('plan.approve')}
        </button>
      </div>
    </div>
  );
}

export function RequestCard(props: CardProps) {
  return props.request.tool_name === 'ExitPlanMode' ? <PlanCard {...props} /> : <QuestionCard {...props} />;
}
