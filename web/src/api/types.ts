// Wire shapes of the Poco REST API (snake_case, as sent by the server).

export type SessionStatus = 'pending' | 'running' | 'completed' | 'failed' | 'canceled' | string;

export interface Envelope<T> {
  code: number;
  message: string;
  data: T;
}

export interface InputFile {
  id: string | null;
  type: 'file' | 'url' | string;
  name: string;
  source: string;
  size: number | null;
  content_type: string | null;
  path: string | null;
  url?: string | null;
}

export interface TodoItem {
  content: string;
  status: 'pending' | 'in_progress' | 'completed' | string;
  active_form?: string | null;
  activeForm?: string | null;
}

export interface FileChange {
  path: string;
  status: string;
  added_lines?: number;
  deleted_lines?: number;
  diff?: string | null;
  old_path?: string | null;
}

export interface AgentState {
  todos?: TodoItem[] | null;
  current_step?: string | null;
  workspace_state?: {
    file_changes?: FileChange[] | null;
    total_added_lines?: number;
    total_deleted_lines?: number;
  } | null;
  [key: string]: unknown;
}

export interface Session {
  session_id: string;
  user_id?: string;
  project_id: string | null;
  sdk_session_id?: string | null;
  title: string | null;
  config_snapshot?: Record<string, unknown> | null;
  workspace_archive_url?: string | null;
  state_patch: AgentState | null;
  workspace_export_status?: string | null;
  status: SessionStatus;
  created_at: string;
  updated_at: string;
}

export interface Message {
  id: number | string;
  role: string;
  content: unknown;
  text_preview: string | null;
  created_at: string;
  updated_at?: string;
  attachments?: InputFile[];
}

export interface ToolExecution {
  id: string;
  message_id: number | string | null;
  tool_use_id: string | null;
  tool_name: string;
  tool_input: Record<string, unknown> | null;
  tool_output: { content?: unknown } | null;
  is_error: boolean;
  duration_ms: number | null;
  created_at: string;
  updated_at: string;
}

export interface Usage {
  total_cost_usd: number | null;
  total_duration_ms: number | null;
  usage_json: Record<string, unknown> | null;
}

export interface Run {
  run_id: string;
  session_id: string;
  user_message_id: number | string | null;
  status: string;
  permission_mode?: string;
  progress?: number;
  last_error?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
  created_at?: string;
  updated_at?: string;
  usage: Usage | null;
}

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

export interface UserInputRequest {
  id: string;
  session_id: string;
  tool_name: string;
  tool_input: { questions?: Question[]; plan?: string; [key: string]: unknown };
  status: 'pending' | 'answered' | 'expired' | string;
  answers: Record<string, string> | null;
  expires_at: string;
  answered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Project {
  project_id: string;
  name: string;
  repo_url?: string | null;
  git_branch?: string | null;
  created_at: string;
  updated_at: string;
}

export interface FileNode {
  id: string;
  name: string;
  type: 'file' | 'folder';
  path: string;
  children: FileNode[] | null;
  url: string | null;
  mimeType: string | null;
}

export interface ModelsResponse {
  default_model: string;
  model_list: string[];
}

export interface SystemStatus {
  model_configured: boolean;
  auth_mode: string;
  version: string;
  default_model: string;
}

export interface TaskRequest {
  prompt: string;
  session_id?: string;
  project_id?: string;
  permission_mode: 'default' | 'plan';
  config: { model?: string; input_files?: InputFile[] };
}

export interface TaskEnqueued {
  session_id: string;
  run_id: string;
  status: string;
}

/** One event of a session stream (`data:` of an SSE frame). */
export interface SessionEvent {
  id?: number | null;
  session_id?: string;
  run_id?: string | null;
  type: string;
  payload: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  created_at?: string;
}
