// Wire shapes of the Poco REST API (snake_case, as sent by the server).
//
// Built from `schema.d.ts`, which `npm run gen:api` generates from `openapi.json` (the server's
// OpenAPI document; OpenApiSnapshotTest keeps it current). springdoc marks every property optional
// and none nullable, and types JSON columns as an opaque `JsonNode`; so each type below states which
// fields the server always sends (`Sent`) and gives loose fields a precise hand-written type.

import type { components } from './schema';

type Schemas = components['schemas'];

/**
 * Schema `T` with the fields `K` always present, and the fields of `Precise` replacing the schema's
 * (JsonNode payloads, fields that may be null).
 */
type Sent<T, K extends keyof T, Precise = unknown> = Omit<T, K | keyof Precise> & {
  [P in K]-?: Exclude<T[P], undefined>;
} & Precise;

export type SessionStatus = 'pending' | 'running' | 'completed' | 'failed' | 'canceled' | string;

export interface Envelope<T> {
  code: number;
  message: string;
  data: T;
}

export type InputFile = Sent<
  Schemas['InputFile'],
  'name' | 'source',
  {
    id: string | null;
    type: 'file' | 'url' | string;
    size: number | null;
    content_type: string | null;
    path: string | null;
    url?: string | null;
  }
>;

export type TodoItem = Sent<
  Schemas['Todo'],
  'content',
  {
    status: 'pending' | 'in_progress' | 'completed' | string;
    active_form?: string | null;
    /** The CLI's own spelling, when a todo list arrives unconverted. */
    activeForm?: string | null;
  }
>;

export type FileChange = Sent<
  Schemas['FileChange'],
  'path' | 'status',
  { diff?: string | null; old_path?: string | null }
>;

export type AgentState = Omit<Schemas['AgentState'], 'todos' | 'current_step' | 'workspace_state'> & {
  todos?: TodoItem[] | null;
  current_step?: string | null;
  workspace_state?:
    | (Omit<Schemas['WorkspaceState'], 'file_changes'> & { file_changes?: FileChange[] | null })
    | null;
  [key: string]: unknown;
};

export type Session = Sent<
  Schemas['SessionView'],
  'session_id' | 'status' | 'created_at' | 'updated_at',
  {
    status: SessionStatus;
    project_id: string | null;
    title: string | null;
    sdk_session_id?: string | null;
    config_snapshot?: Record<string, unknown> | null;
    workspace_archive_url?: string | null;
    workspace_export_status?: string | null;
    state_patch: AgentState | null;
  }
>;

export type Message = Sent<
  Schemas['MessageWithFiles'],
  'role' | 'created_at',
  {
    /** A number from the server; a string for rows the UI made up. */
    id: number | string;
    /** The Claude Agent SDK message, parsed by lib/sdk.ts. */
    content: unknown;
    text_preview: string | null;
    attachments?: InputFile[];
  }
>;

export type ToolExecution = Sent<
  Schemas['ToolExecutionView'],
  'id' | 'tool_name' | 'is_error' | 'created_at' | 'updated_at',
  {
    message_id: number | string | null;
    tool_use_id: string | null;
    tool_input: Record<string, unknown> | null;
    tool_output: { content?: unknown } | null;
    duration_ms: number | null;
  }
>;

export type Usage = {
  [K in keyof Required<Schemas['UsageView']>]: K extends 'usage_json'
    ? Record<string, unknown> | null
    : Exclude<Schemas['UsageView'][K], undefined> | null;
};

export type Run = Sent<
  Schemas['RunView'],
  'run_id' | 'session_id',
  {
    /** The schema's run statuses, plus what the UI shows before it knows one. */
    status: Exclude<Schemas['RunView']['status'], undefined> | string;
    user_message_id: number | string | null;
    last_error?: string | null;
    started_at?: string | null;
    finished_at?: string | null;
    usage: Usage | null;
  }
>;

export interface QuestionOption {
  label: string;
  description?: string;
}

export interface Question {
  question: string;
  header?: string;
  options?: QuestionOption[];
  multiSelect?: boolean;
}

export type UserInputRequest = Sent<
  Schemas['UserInputRequestView'],
  'id' | 'session_id' | 'tool_name' | 'expires_at' | 'created_at' | 'updated_at',
  {
    tool_input: { questions?: Question[]; plan?: string; [key: string]: unknown };
    status: 'pending' | 'answered' | 'expired' | string;
    answers: Record<string, string> | null;
    answered_at: string | null;
  }
>;

export type NetworkMode = 'none' | 'allowlist' | 'open';

/**
 * The network a task's sandbox gets (issue 13), as sent with a task (`config.network`) or on a
 * project. `hosts` only goes with `allowlist` and adds to the server's default list.
 */
export type NetworkConfig = Omit<Schemas['NetworkConfig'], 'mode' | 'hosts'> & {
  mode: NetworkMode;
  hosts?: string[];
};

export type Project = Sent<
  Schemas['ProjectView'],
  'project_id' | 'name' | 'created_at' | 'updated_at',
  {
    repo_url?: string | null;
    git_branch?: string | null;
    /** Null when the project leaves it to the server's default. */
    network?: NetworkConfig | null;
  }
>;

export type FileNode = Sent<
  Schemas['FileNode'],
  'id' | 'name' | 'path',
  { type: 'file' | 'folder'; children: FileNode[] | null; url: string | null; mimeType: string | null }
>;

export type ModelsResponse = Required<Schemas['ModelsView']>;

export type SystemStatus = Required<Schemas['Status']>;

export type TaskRequest = Sent<
  Schemas['TaskRequest'],
  'permission_mode',
  {
    permission_mode: 'default' | 'plan';
    config: Pick<
      Schemas['TaskConfig'],
      'model' | 'repo_url' | 'git_branch' | 'git_token_env_key' | 'browser_enabled' | 'mcp_config' | 'skill_config' | 'plugin_config'
    > & {
      input_files?: InputFile[];
      network?: NetworkConfig;
      local_folders?: LocalFolderChoice[];
    };
  }
>;

export type TaskEnqueued = Required<Schemas['TaskEnqueued']>;

/** `POST /sessions/{id}/branch`: the new session, made from the source's history up to the cutoff message. */
export type Branched = Required<Schemas['Branched']>;

/**
 * One connection a run's egress gate opened or refused (issue 13). Hand-written: the server's
 * `GET /sessions/{id}/network` and the `network.connection` event are not in openapi.json yet.
 * Records do not change once written, so `id` identifies one for good.
 */
export interface NetworkEvent {
  id: number;
  run_id: string;
  session_id: string;
  /** Numbered from 1 per run. */
  seq: number;
  /** The host name (or address literal) the sandbox named. */
  host: string;
  port: number;
  /** `CONNECT` for a TLS tunnel, else the HTTP method of a forwarded plain request. */
  method: string;
  /** The URL of a plain HTTP request; null for a tunnel, whose path the gate cannot see. */
  url: string | null;
  /** The IP address the gate connected to or refused; null when the name was refused unresolved. */
  address: string | null;
  allowed: boolean;
  /** A sentence for the user: why it was refused, or the rule that allowed it. */
  reason: string;
  bytes_up: number;
  bytes_down: number;
  started_at: string;
  duration_ms: number;
  /** The tool call that opened it, when the gate could tell. */
  tool_use_id: string | null;
  created_at: string;
}

/**
 * Where the screenshot the agent's browser took after one tool call is (issue 13). The schema only
 * says `Map<String,String>`. `url` is on this server and answers with the PNG to the same cookie as
 * every other call, so an `<img src>` can load it.
 */
export interface BrowserScreenshot {
  tool_use_id: string;
  url: string;
}

/** `POST /sessions/{id}/repository/push` (issue 13): what the user may choose, all optional. */
export type PushRequest = Schemas['PushRequest'];
/** The pushed branch, its commit, the branch the pull request goes into, and the pull request's page. */
export type PushResult = Sent<Schemas['PushResult'], 'branch' | 'commit' | 'base' | 'pull_request_url'>;

/** Fields every event of a session or user stream carries (`data:` of an SSE frame). */
interface EventBase {
  id?: number | null;
  session_id?: string;
  run_id?: string | null;
  created_at?: string;
}

/**
 * One event of a session stream, told apart by `type` (the SSE `event:` name; see the server's
 * EventType). Kinds added later arrive too and are ignored by the reducers' `default` branches.
 */
export type SessionEvent = EventBase &
  (
    | { type: 'session.updated'; payload: Session }
    | { type: 'session.deleted'; payload: { session_id?: string } | null }
    | { type: 'message.created'; payload: Message }
    | { type: 'messages.deleted'; payload: { message_ids?: (number | string)[] } | null }
    | { type: 'tool.started' | 'tool.finished'; payload: ToolExecution }
    | { type: 'state.updated'; payload: AgentState }
    | { type: 'question.opened' | 'question.closed'; payload: UserInputRequest }
    | { type: 'run.updated'; payload: Run }
    | { type: 'usage.recorded'; payload: { run_id?: string | null; usage?: Usage } | null }
    | { type: 'network.connection'; payload: NetworkEvent }
    | { type: 'message.delta'; payload: MessageDelta }
  );

/**
 * A piece of an assistant message's text as the model writes it (`message.delta`): live only, never
 * stored or replayed, and replaced by the complete message when it is stored.
 */
export interface MessageDelta {
  message_id: string;
  index: number;
  kind: 'text' | 'thinking';
  /** Where `text` starts in the block (UTF-16 units, a JS string's length). */
  offset: number;
  text: string;
}

export type SessionEventType = SessionEvent['type'];

/**
 * Local folders (issue 13, part 5). Hand-written like NetworkEvent. A task attaches host folders below the
 * server's allowed roots (`POCO_LOCAL_FOLDERS`): `ro` is bound read-only, `rw` (a git repository) gives the
 * session a worktree on its own branch, reviewed and merged from the session page.
 */
export type LocalFolderMode = 'ro' | 'rw';

export interface LocalFolderChoice {
  path: string;
  mode: LocalFolderMode;
}

/** `GET /local-folders`. */
export interface LocalFolderRoots {
  enabled: boolean;
  roots: string[];
}

/** `GET /sessions/{id}/local-folders`: one attached folder; `branch`/`base` once its worktree exists. */
export interface SessionLocalFolder {
  name: string;
  path: string;
  mode: LocalFolderMode;
  sandbox_path: string;
  branch: string | null;
  base: string | null;
  worktree: boolean;
}

/** `GET /sessions/{id}/local-folders/{name}/diff`. */
export interface LocalFolderDiff {
  branch: string;
  base: string;
  merge_base: string;
  files: { path: string; status: 'added' | 'modified' | 'deleted' | 'renamed' | 'changed'; additions: number; deletions: number }[];
  diff: string;
  truncated: boolean;
}

/** `POST /sessions/{id}/local-folders/{name}/merge`. */
export interface LocalFolderMerge {
  merged: boolean;
  branch: string;
  base: string;
  commit: string;
  session_commit: string;
}

/** `GET /sessions/{id}/workspace/archive` (issue 16): the whole workspace as a zip; `url` is null until a run exported it. */
export type WorkspaceArchive = Sent<Schemas['Archive'], 'filename', { url: string | null }>;
