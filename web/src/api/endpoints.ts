// Every endpoint the UI uses, in one place.

import { del, get, patch, post, request } from './client';
import type {
  Branched,
  BrowserScreenshot,
  WorkspaceArchive,
  FileNode,
  InputFile,
  Message,
  ModelsResponse,
  NetworkConfig,
  LocalFolderDiff,
  LocalFolderMerge,
  LocalFolderRoots,
  SessionLocalFolder,
  NetworkEvent,
  Project,
  PushRequest,
  PushResult,
  Run,
  Session,
  SystemStatus,
  TaskEnqueued,
  TaskRequest,
  ToolExecution,
  UserInputRequest,
} from './types';

const V1 = '/api/v1';
const enc = encodeURIComponent;

export const api = {
  systemStatus: () => get<SystemStatus>(`${V1}/system/status`),
  models: () => get<ModelsResponse>(`${V1}/models`),

  sessions: () => get<Session[]>(`${V1}/sessions?limit=500`),
  session: (id: string, signal?: AbortSignal) => get<Session>(`${V1}/sessions/${enc(id)}`, signal),
  renameSession: (id: string, title: string) => patch<Session>(`${V1}/sessions/${enc(id)}`, { title }),
  moveSession: (id: string, projectId: string | null) =>
    patch<Session>(`${V1}/sessions/${enc(id)}`, { project_id: projectId }),
  deleteSession: (id: string) => del<unknown>(`${V1}/sessions/${enc(id)}`),
  cancelSession: (id: string) => post<unknown>(`${V1}/sessions/${enc(id)}/cancel`, {}),
  /** Drops the answer to a prompt (from `assistantMessageId` on) and queues the prompt again. */
  regenerate: (id: string, userMessageId: number, assistantMessageId: number) =>
    post<TaskEnqueued>(`${V1}/sessions/${enc(id)}/regenerate`, {
      user_message_id: userMessageId,
      assistant_message_id: assistantMessageId,
    }),
  /** Replaces a prompt, drops everything after it and queues it again (on a fresh CLI thread). */
  editMessage: (id: string, userMessageId: number, content: string) =>
    post<TaskEnqueued>(`${V1}/sessions/${enc(id)}/edit-message`, { user_message_id: userMessageId, content }),
  /** A new session holding this one's history up to `messageId` (an answer keeps its whole turn). */
  branchSession: (id: string, messageId: number) =>
    post<Branched>(`${V1}/sessions/${enc(id)}/branch`, { message_id: messageId }),

  /** Messages plus the id of the newest event they reflect (header `X-Last-Event-ID`). */
  async messages(id: string, signal?: AbortSignal): Promise<{ messages: Message[]; lastEventId: number | null }> {
    const res = await request<Message[]>('GET', `${V1}/sessions/${enc(id)}/messages-with-files`, { signal });
    const header = res.headers.get('X-Last-Event-ID');
    const n = header != null && header.trim() !== '' ? Number(header) : NaN;
    return { messages: res.data ?? [], lastEventId: Number.isFinite(n) ? n : null };
  },
  toolExecutions: (id: string, signal?: AbortSignal) =>
    get<ToolExecution[]>(`${V1}/sessions/${enc(id)}/tool-executions?limit=2000`, signal),
  runs: (id: string, signal?: AbortSignal) => get<Run[]>(`${V1}/runs/session/${enc(id)}?limit=1000`, signal),
  questions: (sessionId?: string, signal?: AbortSignal) =>
    get<UserInputRequest[]>(
      `${V1}/user-input-requests${sessionId ? `?session_id=${enc(sessionId)}` : ''}`,
      signal,
    ),
  answer: (requestId: string, answers: Record<string, string>) =>
    post<UserInputRequest>(`${V1}/user-input-requests/${enc(requestId)}/answer`, { answers }),
  /** The connections the session's runs opened or were refused, oldest first; `runId` narrows to one run. */
  network: (id: string, signal?: AbortSignal, runId?: string) =>
    get<NetworkEvent[]>(`${V1}/sessions/${enc(id)}/network${runId ? `?run_id=${enc(runId)}` : ''}`, signal),
  /** The browser screenshot taken after a tool call; an ApiError with status 404 until the runner has uploaded it. */
  browserScreenshot: (id: string, toolUseId: string, signal?: AbortSignal) =>
    get<BrowserScreenshot>(`${V1}/sessions/${enc(id)}/computer/browser/${enc(toolUseId)}`, signal),
  /** Commits the finished session's repository changes on a new branch, pushes it and opens a pull request. */
  pushRepository: (id: string, body: PushRequest) =>
    // git and GitHub may take a while: a large repository's push is minutes, not the default seconds.
    request<PushResult>('POST', `${V1}/sessions/${enc(id)}/repository/push`, { body, timeoutMs: 10 * 60_000 }).then(
      (r) => r.data,
    ),
  workspaceFiles: (id: string, signal?: AbortSignal) =>
    get<FileNode[]>(`${V1}/sessions/${enc(id)}/workspace/files`, signal),
  /** Where the whole workspace downloads as a zip (this server, or presigned storage); `url` null when not exported yet. */
  workspaceArchive: (id: string, signal?: AbortSignal) =>
    get<WorkspaceArchive>(`${V1}/sessions/${enc(id)}/workspace/archive`, signal),

  createTask: (body: TaskRequest) => post<TaskEnqueued>(`${V1}/tasks`, body),
  upload: (file: File, signal?: AbortSignal) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<InputFile>('POST', `${V1}/attachments/upload`, { form, signal, timeoutMs: 15 * 60_000 }).then(
      (r) => r.data,
    );
  },

  projects: () => get<Project[]>(`${V1}/projects`),
  createProject: (name: string) => post<Project>(`${V1}/projects`, { name }),
  renameProject: (id: string, name: string) => patch<Project>(`${V1}/projects/${enc(id)}`, { name }),
  /** The network the project's new tasks get; null leaves it to the server's default. */
  setProjectNetwork: (id: string, network: NetworkConfig | null) =>
    patch<Project>(`${V1}/projects/${enc(id)}`, { network }),
  deleteProject: (id: string) => del<unknown>(`${V1}/projects/${enc(id)}`),

  /** Local folders (issue 13, part 5): the allowed roots, a session's folders, a worktree's diff and its merge. */
  localFolderRoots: () => get<LocalFolderRoots>(`${V1}/local-folders`),
  sessionLocalFolders: (id: string, signal?: AbortSignal) =>
    get<SessionLocalFolder[]>(`${V1}/sessions/${enc(id)}/local-folders`, signal),
  localFolderDiff: (id: string, name: string, signal?: AbortSignal) =>
    get<LocalFolderDiff>(`${V1}/sessions/${enc(id)}/local-folders/${enc(name)}/diff`, signal),
  mergeLocalFolder: (id: string, name: string) =>
    post<LocalFolderMerge>(`${V1}/sessions/${enc(id)}/local-folders/${enc(name)}/merge`),

  sessionEventsUrl: (id: string, after: number | null) =>
    `${V1}/sessions/${enc(id)}/events${after != null ? `?after=${after}` : ''}`,
  userEventsUrl: () => `${V1}/events`,
};
