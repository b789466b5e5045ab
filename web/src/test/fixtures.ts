// Builders for wire objects in the shapes the server sends.

import type { Message, NetworkEvent, Run, Session, SessionEvent, ToolExecution, UserInputRequest } from '../api/types';

export const T0 = '2026-01-01T10:00:00.000000+00:00';
export const at = (seconds: number) => new Date(Date.parse('2026-01-01T10:00:00Z') + seconds * 1000).toISOString();

export function session(over: Partial<Session> = {}): Session {
  return {
    session_id: 's1',
    user_id: 'default',
    project_id: null,
    title: 'Fix the build',
    state_patch: null,
    status: 'running',
    created_at: T0,
    updated_at: at(1),
    ...over,
  };
}

export function userMsg(id: number, text: string, over: Partial<Message> = {}): Message {
  return {
    id,
    role: 'user',
    content: { _type: 'UserMessage', content: [{ _type: 'TextBlock', text }] },
    text_preview: text,
    created_at: at(id),
    updated_at: at(id),
    attachments: [],
    ...over,
  };
}

export function assistantMsg(id: number, blocks: unknown[]): Message {
  return {
    id,
    role: 'assistant',
    content: { _type: 'AssistantMessage', content: blocks, model: 'claude-sonnet-4-5' },
    text_preview: null,
    created_at: at(id),
    updated_at: at(id),
  };
}

export function toolResultMsg(id: number, toolUseId: string, content: unknown, isError = false): Message {
  return {
    id,
    role: 'user',
    content: {
      _type: 'UserMessage',
      content: [{ _type: 'ToolResultBlock', tool_use_id: toolUseId, content, is_error: isError }],
      tool_use_result: {},
    },
    text_preview: null,
    created_at: at(id),
    updated_at: at(id),
  };
}

export function resultMsg(id: number, over: Record<string, unknown> = {}): Message {
  return {
    id,
    role: 'assistant',
    content: {
      _type: 'ResultMessage',
      subtype: 'success',
      is_error: false,
      duration_ms: 12_300,
      num_turns: 4,
      session_id: 'sdk-1',
      total_cost_usd: 0.0123,
      usage: { input_tokens: 1200, output_tokens: 345, cache_read_input_tokens: 5000 },
      result: 'All done',
      ...over,
    },
    text_preview: null,
    created_at: at(id),
    updated_at: at(id),
  };
}

export function toolExec(over: Partial<ToolExecution> = {}): ToolExecution {
  return {
    id: 'te1',
    message_id: 2,
    tool_use_id: 'tu1',
    tool_name: 'Bash',
    tool_input: { command: 'ls' },
    tool_output: null,
    is_error: false,
    duration_ms: null,
    created_at: at(2),
    updated_at: at(2),
    ...over,
  };
}

export function run(over: Partial<Run> = {}): Run {
  return {
    run_id: 'r1',
    session_id: 's1',
    user_message_id: 1,
    status: 'running',
    created_at: at(1),
    updated_at: at(1),
    usage: null,
    ...over,
  };
}

export function question(over: Partial<UserInputRequest> = {}): UserInputRequest {
  return {
    id: 'q1',
    session_id: 's1',
    tool_name: 'AskUserQuestion',
    tool_input: {
      questions: [
        {
          question: 'Which database?',
          header: 'DB',
          multiSelect: false,
          options: [
            { label: 'PostgreSQL', description: 'Relational' },
            { label: 'SQLite', description: 'File based' },
          ],
        },
      ],
    },
    status: 'pending',
    answers: null,
    expires_at: new Date(Date.now() + 60_000).toISOString(),
    answered_at: null,
    created_at: at(3),
    updated_at: at(3),
    ...over,
  };
}

/** A connection the gate allowed; `over` makes it refused, another tool's, and so on. */
export function netEvent(id: number, over: Partial<NetworkEvent> = {}): NetworkEvent {
  return {
    id,
    run_id: 'r1',
    session_id: 's1',
    seq: id,
    host: 'pypi.org',
    port: 443,
    method: 'CONNECT',
    url: null,
    address: '151.101.0.223',
    allowed: true,
    reason: 'allowlist entry pypi.org',
    bytes_up: 2_150,
    bytes_down: 48_300,
    started_at: at(10 + id),
    duration_ms: 420,
    tool_use_id: 'tu1',
    created_at: at(11 + id),
    ...over,
  };
}

/** A connection the gate refused, as the server words it. */
export const refusedEvent = (id: number, over: Partial<NetworkEvent> = {}): NetworkEvent =>
  netEvent(id, {
    host: 'tracker.example.net',
    address: null,
    allowed: false,
    reason: "tracker.example.net:443 is not in the run's allowlist",
    bytes_up: 0,
    bytes_down: 0,
    duration_ms: 3,
    ...over,
  });

export function ev(id: number | null, type: string, payload: unknown, sessionId = 's1'): SessionEvent {
  // Tests also send kinds and payloads the types do not allow, to check that they are ignored.
  return { id, session_id: sessionId, run_id: null, type, payload, created_at: at(id ?? 0) } as SessionEvent;
}

/** A fetch Response with a JSON body. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}
