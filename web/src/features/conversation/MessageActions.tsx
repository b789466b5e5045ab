// The actions under a prompt (copy, edit and send again) and under an answer (copy its Markdown,
// regenerate, branch into a new session), and the inline editor of a prompt. What they do to the
// session is the caller's (SessionView's `useTurnActions`); here only what is offered, and when.

import { useEffect, useId, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useT } from '../../i18n';
import { copyText } from '../../lib/clipboard';
import { Icon, Spinner, type IconName } from '../../ui/Icon';
import type { Turn } from './turns';

/** What a conversation can do to its own history; absent where there is no session (previews, tests). */
export interface TurnActions {
  /** A run is in progress: the history cannot change now (the server refuses edit and regenerate). */
  busy: boolean;
  /** Replaces the prompt and runs it again; resolves to whether the server took it. */
  edit: (turn: Turn, text: string) => Promise<boolean>;
  /** Drops the turn's answer and runs its prompt again. */
  regenerate: (turn: Turn) => Promise<void>;
  /** A new session with the history up to the end of this turn, opened when made. */
  branch: (turn: Turn) => Promise<void>;
}

/** One small icon button: named for screen readers, 44 px on phones (responsive.css sizes `.icon-btn`). */
function ActionButton({
  icon,
  label,
  onClick,
  testId,
  busy = false,
  disabled = false,
  buttonRef,
}: {
  icon: IconName;
  label: string;
  onClick: () => void;
  testId: string;
  busy?: boolean;
  disabled?: boolean;
  buttonRef?: Ref<HTMLButtonElement>;
}) {
  return (
    <button
      ref={buttonRef}
      type="button"
      className="icon-btn msg-action"
      aria-label={label}
      title={label}
      data-testid={testId}
      onClick={onClick}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {busy ? <Spinner size={12} /> : <Icon name={icon} size={14} />}
    </button>
  );
}

function CopyAction({ text, label, testId }: { text: string; label: string; testId: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <ActionButton
      icon={copied ? 'check' : 'copy'}
      label={copied ? t('code.copied') : label}
      testId={testId}
      onClick={() => {
        void copyText(text).then((ok) => ok && setCopied(true));
      }}
    />
  );
}

/** Under a prompt: copy it, and (when the history may change) edit it. */
export function PromptActions({
  text,
  canEdit,
  onEdit,
  editRef,
}: {
  text: string;
  canEdit: boolean;
  onEdit: () => void;
  editRef?: Ref<HTMLButtonElement>;
}) {
  const t = useT();
  return (
    <div className="msg-actions prompt-actions" role="group" aria-label={t('actions.promptGroup')}>
      <CopyAction text={text} label={t('actions.copyPrompt')} testId="prompt-copy" />
      {canEdit && <ActionButton icon="pencil" label={t('actions.edit')} testId="prompt-edit" onClick={onEdit} buttonRef={editRef} />}
    </div>
  );
}

/**
 * The prompt in a text field in place of its bubble: Enter sends it (Shift+Enter is a new line), Esc
 * leaves it unchanged. Sending replaces the turn and everything after it.
 */
export function PromptEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (text: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const t = useT();
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();

  useEffect(() => {
    const el = field.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  // Grow with the text (the CSS caps the height).
  useEffect(() => {
    const el = field.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [text]);

  const canSave = text.trim() !== '' && !saving;
  const save = async () => {
    if (!canSave) return;
    setSaving(true);
    const ok = await onSave(text.trim());
    // On success the editor is gone (its turn was replaced); on failure it stays for another try.
    if (!ok) setSaving(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  };

  return (
    <div className="prompt-editor" data-testid="prompt-editor">
      <textarea
        ref={field}
        className="input prompt-editor-input"
        value={text}
        rows={2}
        aria-label={t('actions.editLabel')}
        aria-describedby={hintId}
        data-testid="prompt-editor-input"
        disabled={saving}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="prompt-editor-foot">
        <span id={hintId} className="muted prompt-editor-hint">{t('actions.editHint')}</span>
        <button type="button" className="btn btn-small" onClick={onCancel} disabled={saving} data-testid="prompt-editor-cancel">
          {t('actions.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-small btn-primary"
          onClick={() => void save()}
          disabled={!canSave}
          data-testid="prompt-editor-send"
        >
          {saving ? <Spinner size={12} /> : <Icon name="send" size={12} />}
          {t('actions.editSend')}
        </button>
      </div>
    </div>
  );
}

/** The Markdown the model wrote in a turn, its text blocks in order (what "copy" copies). */
export function answerMarkdown(turn: Turn): string {
  return turn.items
    .filter((i) => i.kind === 'text')
    .map((i) => (i.kind === 'text' ? i.text.trim() : ''))
    .join('\n\n');
}

/** Under a finished answer: copy its Markdown, regenerate it, branch from it. */
export function AnswerActions({ turn, actions }: { turn: Turn; actions?: TurnActions }) {
  const t = useT();
  const [pending, setPending] = useState<'regenerate' | 'branch' | null>(null);
  const markdown = answerMarkdown(turn);
  const canRegenerate = !!actions && !actions.busy && !!turn.prompt;
  const canBranch = !!actions && (turn.answerTo != null || turn.prompt != null);
  if (!markdown && !canRegenerate && !canBranch) return null;

  const run = (kind: 'regenerate' | 'branch') => {
    if (!actions || pending) return;
    setPending(kind);
    void actions[kind](turn).finally(() => setPending(null));
  };
  return (
    <div className="msg-actions answer-actions" role="group" aria-label={t('actions.answerGroup')} data-testid="answer-actions">
      {markdown && <CopyAction text={markdown} label={t('actions.copyAnswer')} testId="answer-copy" />}
      {canRegenerate && (
        <ActionButton
          icon="refresh"
          label={t('actions.regenerate')}
          testId="answer-regenerate"
          busy={pending === 'regenerate'}
          disabled={pending != null}
          onClick={() => run('regenerate')}
        />
      )}
      {canBranch && (
        <ActionButton
          icon="gitBranch"
          label={t('actions.branch')}
          testId="answer-branch"
          busy={pending === 'branch'}
          disabled={pending != null}
          onClick={() => run('branch')}
        />
      )}
    </div>
  );
}
