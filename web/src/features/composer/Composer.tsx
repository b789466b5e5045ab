import './Composer.css';
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { InputFile, LocalFolderChoice, NetworkConfig } from '../../api/types';
import { preferredModel } from '../settings/SettingsDialog';
import { useT } from '../../i18n';
import { formatBytes } from '../../lib/format';
import { loadHistory, pushHistory, step } from '../../lib/history';
import { useModels } from '../../api/queries';
import { Icon, Spinner } from '../../ui/Icon';
import { DEFAULT_NETWORK, NetworkDetails, NetworkSelect, toNetworkConfig, type NetworkChoiceValue } from '../network/NetworkChoice';
import { useSlashCompletion } from './slash';
import { FolderPicker } from '../folders/FolderPicker';
import { modeHint, modeLabel, nextMode, noToolChoices, repoLabel, taskExtras, type ComposerMode, type RepoChoice, type TaskExtras, type ToolChoices } from './modes';
import { ToolsPopover } from './ToolsPopover';
import { uploadErrorText, uploadFile } from './upload';
import { DictationButton } from './DictationButton';

// only opened on demand: keeps the capability forms out of the first page
const RepoDialog = lazy(() => import('../repository/RepoDialog'));

export interface Draft {
  prompt: string;
  files: InputFile[];
  /** Only set when it differs from the server's default model. */
  model?: string;
  plan: boolean;
  /** Only set when the user chose a network; otherwise the project's or the server's applies. */
  network?: NetworkConfig;
  /** Host folders to attach (issue 13, part 5); only set when the user attached some. */
  folders?: LocalFolderChoice[];
  /** Set in the "scheduled" mode: the draft becomes a scheduled task instead of a run. */
  scheduled?: true;
  /** A new task's repository, browser and tool choices (poco's TaskConfig fields); only set when some were made. */
  extras?: TaskExtras;
}

interface Upload {
  key: number;
  name: string;
  size: number;
  status: 'uploading' | 'done' | 'error';
  /** Sent so far, 0–1. */
  progress: number;
  file?: InputFile;
  error?: string;
  abort: AbortController;
}

interface Props {
  /** Returns true when the draft was taken (sent or queued); the composer then clears. */
  onSubmit: (draft: Draft) => Promise<boolean>;
  placeholder: string;
  /** The agent is busy: submitting queues instead of sending. */
  queueMode?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
  /** Preselected model (a session's own model), when it is one of the server's models. */
  initialModel?: string | null;
  /**
   * Offer the network choice (a new task only: a follow-up keeps its session's network). `error` is
   * the server's refusal of the last choice sent; `onEdit` is called when the user changes it.
   */
  network?: { defaultLabel?: string; error?: string | null; onEdit?: () => void };
  /**
   * Offer local folders (a new task only, and only when the server allows some): `roots` are the
   * allowed directories, `error` the server's refusal of the folders last sent.
   */
  folders?: { roots: string[]; error?: string | null; onEdit?: () => void };
  /** Text to add at the end of the draft (a quoted selection), once per `id`; the field gets the focus. */
  insert?: { id: number; text: string } | null;
  /** The modes Shift+Tab cycles through; task and plan unless told (a follow-up cannot be scheduled). */
  modes?: readonly ComposerMode[];
  /** A new task: offer the repository dialog, the browser and the per-task tool toggles. */
  newTask?: boolean;
  /** Sample prompts shown while the composer is empty; a click puts one in the composer. */
  suggestions?: string[];
}

const TASK_AND_PLAN: readonly ComposerMode[] = ['task', 'plan'];

let uploadSeq = 0;
const coarsePointer = () => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;

export function Composer({
  onSubmit,
  placeholder,
  queueMode,
  autoFocus,
  disabled,
  initialModel,
  network: networkProps,
  folders: folderProps,
  modes = TASK_AND_PLAN,
  newTask,
  suggestions,
  insert,
}: Props) {
  const t = useT();
  const models = useModels();
  const [text, setText] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [mode, setMode] = useState<ComposerMode>('task');
  // what screen readers hear when the mode changes (the chip itself is not focused while typing)
  const [announcement, setAnnouncement] = useState('');
  const [repo, setRepo] = useState<RepoChoice | null>(null);
  const [repoOpen, setRepoOpen] = useState(false);
  const [browser, setBrowser] = useState(false);
  const [tools, setTools] = useState<ToolChoices>(noToolChoices);
  // one friendly sentence for the latest upload that failed
  const [uploadError, setUploadError] = useState<string | null>(null);
  // A session's own model, else the one chosen in Settings → Models, else the server's default.
  const [model, setModel] = useState<string>(() => initialModel ?? preferredModel());
  const [network, setNetwork] = useState<NetworkChoiceValue>(DEFAULT_NETWORK);
  const [folders, setFolders] = useState<LocalFolderChoice[]>([]);
  const [dragging, setDragging] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const history = useRef<{ list: string[]; index: number; draft: string }>({ list: [], index: 0, draft: '' });
  const dragDepth = useRef(0);
  const slash = useSlashCompletion(text, setText);

  // Grow with the text up to the CSS max-height.
  useLayoutEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [text]);

  useEffect(() => {
    if (autoFocus && !coarsePointer()) textarea.current?.focus();
  }, [autoFocus]);

  // A quote from the conversation: after what is typed, on a paragraph of its own, the caret below it.
  const [inserted, setInserted] = useState<number | null>(null);
  if (insert && insert.id !== inserted) {
    setInserted(insert.id);
    setText((old) => `${old.trimEnd() ? `${old.trimEnd()}\n\n` : ''}${insert.text}\n\n`);
  }
  useEffect(() => {
    const el = textarea.current;
    if (!insert || !el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [insert]);

  // The session's model arrives with its snapshot, after the first render.
  useEffect(() => {
    if (initialModel) setModel((m) => (m && m !== preferredModel() ? m : initialModel));
  }, [initialModel]);

  const addFiles = useCallback((files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = ++uploadSeq;
      const abort = new AbortController();
      setUploads((u) => [...u, { key, name: file.name, size: file.size, status: 'uploading', progress: 0, abort }]);
      setUploadError(null);
      uploadFile(file, {
        signal: abort.signal,
        onProgress: (progress) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress } : x))),
      })
        .then((res) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, status: 'done', progress: 1, file: res } : x))))
        .catch((e) => {
          if (abort.signal.aborted) return;
          const message = uploadErrorText(file.name, e);
          setUploadError(message);
          setUploads((u) => u.map((x) => (x.key === key ? { ...x, status: 'error', error: message } : x)));
        });
    }
  }, []);

  const removeUpload = (key: number) => {
    const removed = uploads.find((x) => x.key === key);
    removed?.abort.abort();
    if (removed?.status === 'error' && removed.error === uploadError) setUploadError(null);
    setUploads((u) => u.filter((x) => x.key !== key));
    textarea.current?.focus();
  };

  const changeMode = (next: ComposerMode) => {
    setMode(next);
    setAnnouncement(t('composer.modeAnnounce', { mode: t(modeLabel[next]), hint: t(modeHint[next]) }));
  };

  const uploading = uploads.some((u) => u.status === 'uploading');
  const canSend = text.trim() !== '' && !uploading && !submitting && !disabled;

  const submit = async () => {
    if (!canSend) return;
    const draft: Draft = {
      prompt: text.trim(),
      files: uploads.filter((u) => u.status === 'done' && u.file).map((u) => u.file!),
      plan: mode === 'plan',
    };
    if (mode === 'scheduled') draft.scheduled = true;
    if (newTask) {
      const extras = taskExtras(repo, browser, tools);
      if (Object.keys(extras).length) draft.extras = extras;
    }
    if (models && model && model !== models.default_model) draft.model = model;
    const networkConfig = networkProps ? toNetworkConfig(network) : undefined;
    if (networkConfig) draft.network = networkConfig;
    if (folderProps && folders.length) draft.folders = folders;
    setSubmitting(true);
    try {
      if (await onSubmit(draft)) {
        pushHistory(draft.prompt);
        history.current.index = -1;
        setText('');
        setUploads([]);
        setUploadError(null);
      }
    } finally {
      setSubmitting(false);
      textarea.current?.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing || e.keyCode === 229) return; // IME composition (Chinese, Japanese…)
    if (slash.onKeyDown(e)) return;
    const el = e.currentTarget;
    // poco's Shift+Tab: the next mode (Tab alone still leaves the field; Shift+Tab from the mode chip goes back)
    if (e.key === 'Tab' && e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && modes.length > 1) {
      e.preventDefault();
      changeMode(nextMode(mode, modes));
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !coarsePointer()) {
      e.preventDefault();
      void submit();
      return;
    }
    if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.shiftKey && !e.altKey && !e.metaKey && !e.ctrlKey) {
      const h = history.current;
      const walking = h.index >= 0 && h.index < h.list.length;
      const collapsed = el.selectionStart === el.selectionEnd;
      // At the very start/end; while walking the history, anywhere on the first/last line.
      const atStart =
        collapsed && (el.selectionStart === 0 || (walking && !el.value.slice(0, el.selectionStart).includes('\n')));
      const atEnd =
        collapsed && (el.selectionEnd === el.value.length || (walking && !el.value.slice(el.selectionEnd).includes('\n')));
      if (e.key === 'ArrowUp' && atStart) {
        if (h.index < 0 || h.index > h.list.length || h.list.length === 0) {
          h.list = loadHistory();
          h.index = h.list.length;
          h.draft = text;
        }
        const next = step(h.list, h.index, -1);
        if (next == null) return;
        e.preventDefault();
        h.index = next;
        setText(h.list[next]);
        requestAnimationFrame(() => el.setSelectionRange(h.list[next].length, h.list[next].length));
      } else if (e.key === 'ArrowDown' && atEnd && h.index >= 0 && h.index < h.list.length) {
        const next = step(h.list, h.index, 1);
        if (next == null) return;
        e.preventDefault();
        h.index = next;
        const value = next === h.list.length ? h.draft : h.list[next];
        setText(value);
        requestAnimationFrame(() => el.setSelectionRange(value.length, value.length));
      }
    }
  };

  const onDragEnter = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    dragDepth.current++;
    setDragging(true);
  };
  const onDragLeave = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    if (!e.dataTransfer.files.length) return;
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    addFiles(e.dataTransfer.files);
  };

  const changeNetwork = (value: NetworkChoiceValue) => {
    setNetwork(value);
    networkProps?.onEdit?.();
  };

  const modeOffered = modes.includes(mode) ? mode : 'task';
  const modelList = models?.model_list ?? [];
  const currentModel = model || models?.default_model || '';

  const showSuggestions = !!suggestions?.length && text === '' && uploads.length === 0 && !disabled;
  const modeIcon = modeOffered === 'plan' ? 'list' : modeOffered === 'scheduled' ? 'clock' : 'sparkle';
  const sendLabel = queueMode ? t('composer.queue') : modeOffered === 'scheduled' ? t('composer.schedule') : t('composer.send');

  return (
    <>
      <div
        className={`composer${dragging ? ' dragging' : ''}${queueMode ? ' queue-mode' : ''} mode-${modeOffered}`}
        data-testid="composer"
        data-mode={modeOffered}
        onDragEnter={onDragEnter}
        onDragOver={(e) => e.dataTransfer.types.includes('Files') && e.preventDefault()}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        {dragging && (
          <div className="drop-overlay" data-testid="composer-drop-zone">
            <Icon name="paperclip" size={20} />
            {t('composer.dropFiles')}
          </div>
        )}
        <span className="visually-hidden" aria-live="polite" data-testid="composer-mode-announcement">
          {announcement}
        </span>
        {slash.list}
        {(uploads.length > 0 || repo) && (
          <div className="attachments composer-attachments">
            {repo && (
              <span className="chip file-chip repo-chip" data-testid="composer-repo-chip">
                <button type="button" className="chip-open" onClick={() => setRepoOpen(true)} title={t('repo.edit')}>
                  <Icon name="gitBranch" size={12} />
                  <span className="chip-name">{repoLabel(repo.url)}</span>
                  <span className="muted">{repo.branch}</span>
                </button>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('composer.remove', { name: repoLabel(repo.url) })}
                  onClick={() => setRepo(null)}
                >
                  <Icon name="x" size={12} />
                </button>
              </span>
            )}
            {uploads.map((u) => (
              <span
                key={u.key}
                className={`chip file-chip upload-${u.status}`}
                data-testid="attachment-chip"
                data-status={u.status}
                title={u.status === 'error' ? u.error : u.name}
              >
                {u.status === 'uploading' ? (
                  <Spinner size={12} label={t('composer.uploading')} />
                ) : u.status === 'error' ? (
                  <Icon name="alert" size={12} />
                ) : (
                  <Icon name="paperclip" size={12} />
                )}
                <span className="chip-name">{u.name}</span>
                <span className="muted">
                  {u.status === 'error'
                    ? t('composer.failedShort')
                    : u.status === 'uploading'
                      ? `${Math.round(u.progress * 100)}%`
                      : formatBytes(u.size)}
                </span>
                {u.status === 'uploading' && (
                  <progress
                    className="upload-progress"
                    max={1}
                    value={u.progress}
                    aria-label={t('composer.uploadProgress', { name: u.name })}
                    data-testid="attachment-progress"
                  />
                )}
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('composer.remove', { name: u.name })}
                  onClick={() => removeUpload(u.key)}
                >
                  <Icon name="x" size={12} />
                </button>
              </span>
            ))}
          </div>
        )}
        {uploadError && (
          <div className="inline-error composer-upload-error" role="alert" data-testid="composer-upload-error">
            {uploadError}
          </div>
        )}
        <textarea
          ref={textarea}
          className="composer-input"
          data-testid="composer-input"
          rows={1}
          value={text}
          placeholder={placeholder}
          aria-label={placeholder}
          aria-description={modes.length > 1 ? t('composer.modeKeys', { mode: t(modeLabel[modeOffered]) }) : undefined}
          {...slash.inputProps}
          disabled={disabled}
          onChange={(e) => {
            setText(e.target.value);
            if (history.current.index !== history.current.list.length) history.current.index = -1;
          }}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const files = e.clipboardData?.files;
            if (files && files.length) {
              if (!e.clipboardData.getData('text/plain')) e.preventDefault();
              addFiles(files);
            }
          }}
        />
        {networkProps && (
          <NetworkDetails value={network} onChange={changeNetwork} error={networkProps.error} testId="composer-network-details" />
        )}
        {folderProps && (
          <FolderPicker
            roots={folderProps.roots}
            value={folders}
            error={folderProps.error}
            onChange={(next) => {
              setFolders(next);
              folderProps.onEdit?.();
            }}
          />
        )}
        <div className="composer-bar">
          <input
            ref={fileInput}
            type="file"
            multiple
            className="visually-hidden"
            tabIndex={-1}
            data-testid="composer-file-input"
            aria-hidden="true"
            onChange={(e) => {
              if (e.target.files?.length) addFiles(e.target.files);
              e.target.value = '';
            }}
          />
          <button
            type="button"
            className="icon-btn"
            aria-label={t('composer.attach')}
            title={t('composer.attach')}
            data-testid="composer-attach"
            onClick={() => fileInput.current?.click()}
          >
            <Icon name="paperclip" />
          </button>
          {modes.length > 1 && (
            <button
              type="button"
              className={`toggle-btn mode-chip${modeOffered !== 'task' ? ' on' : ''}`}
              aria-label={t('composer.modeButton', { mode: t(modeLabel[modeOffered]) })}
              title={t(modeHint[modeOffered])}
              data-testid="composer-mode"
              data-mode={modeOffered}
              onClick={() => changeMode(nextMode(modeOffered, modes))}
            >
              <Icon name={modeIcon} size={14} /> <span className="toggle-label">{t(modeLabel[modeOffered])}</span>
            </button>
          )}
          {newTask && (
            <>
              <button
                type="button"
                className={`toggle-btn${repo ? ' on' : ''}`}
                aria-haspopup="dialog"
                aria-label={t('composer.repo')}
                title={t('repo.hint')}
                data-testid="composer-repo"
                onClick={() => setRepoOpen(true)}
              >
                <Icon name="gitBranch" size={14} /> <span className="toggle-label">{t('composer.repo')}</span>
              </button>
              <button
                type="button"
                className={`toggle-btn${browser ? ' on' : ''}`}
                aria-pressed={browser}
                aria-label={t('composer.browser')}
                title={t('composer.browserHint')}
                data-testid="composer-browser"
                onClick={() => setBrowser((b) => !b)}
              >
                <Icon name="browser" size={14} /> <span className="toggle-label">{t('composer.browser')}</span>
              </button>
              <ToolsPopover value={tools} onChange={setTools} />
            </>
          )}
          {modelList.length > 0 && (
            <select
              className="model-select"
              aria-label={t('composer.model')}
              title={t('composer.model')}
              data-testid="composer-model"
              value={currentModel}
              onChange={(e) => setModel(e.target.value)}
            >
              {modelList.map((m) => (
                <option key={m} value={m}>
                  {m === models?.default_model ? t('composer.defaultModel', { model: m }) : m}
                </option>
              ))}
              {currentModel && !modelList.includes(currentModel) && <option value={currentModel}>{currentModel}</option>}
            </select>
          )}
          {networkProps && (
            <NetworkSelect
              className={`model-select network-select${network.mode !== 'default' ? ' on' : ''}`}
              testId="composer-network"
              value={network}
              defaultLabel={networkProps.defaultLabel}
              onChange={changeNetwork}
            />
          )}
          <DictationButton text={text} onText={setText} disabled={disabled} />
          <span className="composer-hint">{modes.length > 1 ? t('composer.keysWithModes') : t('composer.keys')}</span>
          <button
            type="button"
            className="send-btn"
            data-testid="composer-send"
            disabled={!canSend}
            aria-label={sendLabel}
            title={uploading ? t('composer.waitUploads') : sendLabel}
            onClick={() => void submit()}
          >
            {submitting ? <Spinner size={14} /> : <Icon name={queueMode ? 'plus' : modeOffered === 'scheduled' ? 'clock' : 'send'} size={16} />}
          </button>
        </div>
        {repoOpen && (
          <Suspense fallback={null}>
            <RepoDialog value={repo} onSave={setRepo} onClose={() => setRepoOpen(false)} />
          </Suspense>
        )}
      </div>
      {showSuggestions && (
        <ul className="composer-suggestions" aria-label={t('composer.suggestions')} data-testid="composer-suggestions">
          {suggestions.map((s) => (
            <li key={s}>
              <button
                type="button"
                className="suggestion"
                data-testid="composer-suggestion"
                onClick={() => {
                  setText(s);
                  requestAnimationFrame(() => {
                    textarea.current?.focus();
                    textarea.current?.setSelectionRange(s.length, s.length);
                  });
                }}
              >
                {s}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
