#!/usr/bin/env node
// A stand-in for the Poco API, for working on the UI without the Java server:
//   node dev/mock-server.mjs            (listens on :8010)
//   POCO_API=http://127.0.0.1:8010 npm run dev
// Everything is in memory. A task plays a short scripted run: text, thinking, tool calls, todos,
// a question when the prompt contains "ask", a plan approval in plan mode, a failure when it
// contains "fail", two connections through the egress gate (one allowed, one refused), and a
// result. It serves the same envelope and event stream as the real server.

import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const PORT = Number(process.env.PORT ?? 8010);
const MODEL_CONFIGURED = process.env.MOCK_MODEL === '1';
const now = () => new Date().toISOString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const sessions = new Map(); // id -> session
const messages = new Map(); // session id -> message[]
const tools = new Map(); // session id -> Map(id -> exec)
const runs = new Map(); // session id -> run[]
const questions = new Map(); // id -> request
const events = new Map(); // session id -> event[]
const files = new Map(); // session id -> Map(path -> {content, mime})
const network = new Map(); // session id -> network event[] (the egress gate's connections)
const projects = [];
const sessionSubs = new Map(); // session id -> Set(res)
const userSubs = new Set();
let messageSeq = 0;
let networkSeq = 0;

function envelope(res, data, status = 200, message = 'Success', code = 0, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify({ code, message, data }));
}
const fail = (res, status, code, message) => envelope(res, null, status, message, code);

function emit(sessionId, type, payload, runId = null) {
  const list = events.get(sessionId) ?? [];
  events.set(sessionId, list);
  const ev = { id: list.length + 1, session_id: sessionId, run_id: runId, type, payload, created_at: now() };
  list.push(ev);
  const frame = `id: ${ev.id}\nevent: ${type}\ndata: ${JSON.stringify(ev)}\n\n`;
  for (const res of sessionSubs.get(sessionId) ?? []) res.write(frame);
  if (type === 'session.updated' || type === 'session.deleted') {
    const userFrame = `event: ${type}\ndata: ${JSON.stringify({ ...ev, id: null })}\n\n`;
    for (const res of userSubs) res.write(userFrame);
  }
  return ev;
}

function touch(s, patch) {
  Object.assign(s, patch, { updated_at: now() });
  emit(s.session_id, 'session.updated', s);
}

function addMessage(sessionId, role, content, runId) {
  const text = Array.isArray(content.content) ? content.content.find((b) => b._type === 'TextBlock')?.text ?? null : null;
  const m = { id: ++messageSeq, role, content, text_preview: text, created_at: now(), updated_at: now() };
  messages.get(sessionId).push(m);
  emit(sessionId, 'message.created', m, runId);
  return m;
}

function startTool(sessionId, messageId, useId, name, input, runId) {
  const t = {
    id: randomUUID(), message_id: messageId, tool_use_id: useId, tool_name: name, tool_input: input,
    tool_output: null, is_error: false, duration_ms: null, created_at: now(), updated_at: now(),
  };
  tools.get(sessionId).set(t.id, t);
  emit(sessionId, 'tool.started', t, runId);
  return t;
}

function finishTool(sessionId, t, content, isError, runId) {
  Object.assign(t, { tool_output: { content }, is_error: isError, duration_ms: Date.now() - Date.parse(t.created_at), updated_at: now() });
  emit(sessionId, 'tool.finished', t, runId);
  addMessage(sessionId, 'user', {
    _type: 'UserMessage',
    content: [{ _type: 'ToolResultBlock', tool_use_id: t.tool_use_id, content, is_error: isError }],
    tool_use_result: {},
  }, runId);
}

/** A connection the run's egress gate opened or refused, as the runner reports it. */
function connection(s, run, useId, fields) {
  const list = network.get(s.session_id);
  const started = new Date(Date.now() - (fields.duration_ms ?? 0));
  const e = {
    id: ++networkSeq, run_id: run.run_id, session_id: s.session_id,
    seq: list.filter((x) => x.run_id === run.run_id).length + 1,
    port: 443, method: 'CONNECT', url: null, address: null, bytes_up: 0, bytes_down: 0, duration_ms: 0,
    ...fields, started_at: started.toISOString(), tool_use_id: useId, created_at: now(),
  };
  list.push(e);
  emit(s.session_id, 'network.connection', e, run.run_id);
}

async function toolCall(s, run, name, input, output, isError = false, delay = 700, during = null) {
  const useId = `toolu_${randomUUID().slice(0, 8)}`;
  const m = addMessage(s.session_id, 'assistant', {
    _type: 'AssistantMessage', model: 'claude-sonnet-4-5',
    content: [{ _type: 'ToolUseBlock', id: useId, name, input }],
  }, run.run_id);
  const t = startTool(s.session_id, m.id, useId, name, input, run.run_id);
  if (during) await during(useId);
  await sleep(delay);
  if (run.status === 'canceled') return;
  finishTool(s.session_id, t, output, isError, run.run_id);
}

function say(s, run, text, thinking) {
  const content = [];
  if (thinking) content.push({ _type: 'ThinkingBlock', thinking, signature: 'sig' });
  content.push({ _type: 'TextBlock', text });
  addMessage(s.session_id, 'assistant', { _type: 'AssistantMessage', model: 'claude-sonnet-4-5', content }, run.run_id);
}

function setState(s, run, state) {
  s.state_patch = { ...(s.state_patch ?? {}), ...state };
  emit(s.session_id, 'state.updated', s.state_patch, run.run_id);
}

function updateRun(s, run, patch) {
  Object.assign(run, patch, { updated_at: now() });
  emit(s.session_id, 'run.updated', run, run.run_id);
}

async function ask(s, run, toolName, toolInput, seconds) {
  const q = {
    id: randomUUID(), session_id: s.session_id, tool_name: toolName, tool_input: toolInput, status: 'pending', answers: null,
    expires_at: new Date(Date.now() + seconds * 1000).toISOString(), answered_at: null, created_at: now(), updated_at: now(),
  };
  questions.set(q.id, q);
  emit(s.session_id, 'question.opened', q, run.run_id);
  while (q.status === 'pending' && Date.now() < Date.parse(q.expires_at) && run.status !== 'canceled') await sleep(200);
  if (q.status === 'pending') {
    Object.assign(q, { status: 'expired', updated_at: now() });
    emit(s.session_id, 'question.closed', q, run.run_id);
  }
  return q;
}

async function play(s, run, prompt, mode) {
  const sid = s.session_id;
  await sleep(600);
  if (!MODEL_CONFIGURED && /fail/i.test(prompt)) {
    updateRun(s, run, { status: 'failed', last_error: 'ANTHROPIC_API_KEY is not set: no model key configured.', finished_at: now() });
    touch(s, { status: 'failed' });
    return;
  }
  updateRun(s, run, { status: 'running', started_at: now() });
  touch(s, { status: 'running' });
  addMessage(sid, 'system', { _type: 'SystemMessage', subtype: 'init', data: { session_id: 'sdk' } }, run.run_id);
  const todos = [
    { content: 'Look at the project', status: 'in_progress', active_form: 'Looking at the project' },
    { content: 'Make the change', status: 'pending', active_form: 'Making the change' },
    { content: 'Run the tests', status: 'pending', active_form: 'Running the tests' },
  ];
  setState(s, run, { todos, current_step: 'Looking at the project' });
  say(s, run, `I'll start by looking at the project layout.`, 'The user wants: ' + prompt.slice(0, 80));
  await toolCall(s, run, 'Bash', { command: 'ls -la', description: 'List files' }, 'total 16\ndrwxr-xr-x  4 poco poco 4096 .\n-rw-r--r--  1 poco poco  120 README.md\n-rw-r--r--  1 poco poco  880 app.py');
  if (run.status === 'canceled') return;
  await toolCall(s, run, 'Read', { file_path: '/workspace/app.py' }, '     1→def add(a, b):\n     2→    return a - b\n');
  if (run.status === 'canceled') return;
  if (mode === 'plan') {
    const q = await ask(s, run, 'ExitPlanMode', { plan: '## Plan\n\n1. Fix `add` in `app.py`\n2. Add a test\n3. Run `pytest`' }, 600);
    if (q.answers?.approved !== 'true') {
      say(s, run, 'Understood — I will not make changes.');
      return finish(s, run);
    }
  }
  if (/ask/i.test(prompt)) {
    const q = await ask(s, run, 'AskUserQuestion', {
      questions: [
        { question: 'Which test framework should I use?', header: 'Tests', multiSelect: false,
          options: [{ label: 'pytest', description: 'The usual choice' }, { label: 'unittest', description: 'Standard library only' }] },
        { question: 'Which checks should run in CI?', header: 'CI', multiSelect: true,
          options: [{ label: 'Lint' }, { label: 'Tests' }, { label: 'Types' }] },
      ],
    }, 60);
    say(s, run, q.status === 'answered' ? `Thanks — going with: ${Object.values(q.answers).join('; ')}.` : 'No answer, using pytest.');
  }
  setState(s, run, { todos: todos.map((t, i) => ({ ...t, status: i === 0 ? 'completed' : i === 1 ? 'in_progress' : 'pending' })), current_step: 'Making the change' });
  await toolCall(s, run, 'Edit', { file_path: '/workspace/app.py', old_string: 'def add(a, b):\n    return a - b', new_string: 'def add(a, b):\n    return a + b' }, 'The file /workspace/app.py has been updated.');
  if (run.status === 'canceled') return;
  files.get(sid).set('/app.py', { content: 'def add(a, b):\n    return a + b\n', mime: 'text/x-python' });
  await toolCall(s, run, 'Write', { file_path: '/workspace/test_app.py', content: 'from app import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n' }, 'File created successfully at: /workspace/test_app.py');
  if (run.status === 'canceled') return;
  files.get(sid).set('/test_app.py', { content: 'from app import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n', mime: 'text/x-python' });
  setState(s, run, { todos: todos.map((t, i) => ({ ...t, status: i < 2 ? 'completed' : 'in_progress' })), current_step: 'Running the tests' });
  await toolCall(s, run, 'Bash', { command: 'pip install pytest' },
    'Collecting pytest\n  Downloading pytest-8.3.4-py3-none-any.whl (343 kB)\nWARNING: telemetry upload failed: 403 Forbidden\nSuccessfully installed pytest-8.3.4',
    false, 600, async (useId) => {
      await sleep(300);
      connection(s, run, useId, { host: 'pypi.org', address: '151.101.0.223', allowed: true, reason: 'allowlist entry pypi.org',
        bytes_up: 2150, bytes_down: 351_400, duration_ms: 840 });
      await sleep(300);
      connection(s, run, useId, { host: 'telemetry.example.net', allowed: false,
        reason: "telemetry.example.net:443 is not in the run's allowlist", duration_ms: 2 });
    });
  if (run.status === 'canceled') return;
  await toolCall(s, run, 'Bash', { command: 'python -m pytest -q' }, '\u001b[32m.\u001b[0m\n1 passed in 0.01s', false, 2500);
  if (run.status === 'canceled') return;
  await toolCall(s, run, 'mcp__github__create_issue', { repo: 'acme/app', title: 'Follow-up: more tests' }, [{ type: 'text', text: 'Created issue #12' }]);
  if (run.status === 'canceled') return;
  setState(s, run, { todos: todos.map((t) => ({ ...t, status: 'completed' })), current_step: null,
    workspace_state: { file_changes: [{ path: 'app.py', status: 'modified', added_lines: 1, deleted_lines: 1 }, { path: 'test_app.py', status: 'added', added_lines: 5, deleted_lines: 0 }] } });
  say(s, run, 'Fixed `add` and added a test.\n\n| File | Change |\n| --- | --- |\n| `app.py` | `-` → `+` |\n| `test_app.py` | new |\n\n```python\ndef add(a, b):\n    return a + b\n```');
  finish(s, run);
}

function finish(s, run) {
  const usage = { input_tokens: 5120, output_tokens: 830, cache_read_input_tokens: 20480, cache_creation_input_tokens: 0 };
  const duration = Date.now() - Date.parse(run.started_at ?? run.created_at);
  addMessage(s.session_id, 'assistant', {
    _type: 'ResultMessage', subtype: 'success', is_error: false, duration_ms: duration, num_turns: 7, session_id: 'sdk',
    total_cost_usd: 0.0421, usage, result: 'Done',
  }, run.run_id);
  const u = { total_cost_usd: 0.0421, total_duration_ms: duration, usage_json: usage };
  emit(s.session_id, 'usage.recorded', { run_id: run.run_id, usage: u }, run.run_id);
  updateRun(s, run, { status: 'completed', finished_at: now(), progress: 100, usage: u });
  touch(s, { status: 'completed', title: s.title ?? 'Fix add() and test it' });
}

function tree(sid) {
  const root = [];
  for (const [path, f] of [...files.get(sid).entries()].sort()) {
    const parts = path.split('/').filter(Boolean);
    let level = root;
    let acc = '';
    parts.forEach((name, i) => {
      acc += '/' + name;
      const last = i === parts.length - 1;
      let node = level.find((n) => n.name === name);
      if (!node) {
        node = { id: acc, name, type: last ? 'file' : 'folder', path: acc, children: last ? null : [],
          url: last ? `/api/v1/sessions/${sid}/workspace/file?path=${encodeURIComponent(acc)}` : null, mimeType: last ? f.mime : null };
        level.push(node);
      }
      level = node.children ?? [];
    });
  }
  return root;
}

function seedFiles(sid) {
  files.set(sid, new Map([
    ['/README.md', { content: '# Demo\n\nA tiny project.\n\n- [x] add()\n- [ ] docs\n', mime: 'text/markdown' }],
    ['/app.py', { content: 'def add(a, b):\n    return a - b\n', mime: 'text/x-python' }],
    ['/site/index.html', { content: '<!doctype html><h1 style="font-family:sans-serif">Hello from the sandbox</h1><script>document.body.append(" (script ran)")</script>', mime: 'text/html' }],
    ['/data/blob.bin', { content: '\u0000\u0001binary', mime: 'application/octet-stream' }],
  ]));
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}

function sse(req, res, subs, replay) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  for (const ev of replay) res.write(`id: ${ev.id}\nevent: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`);
  subs.add(res);
  const ping = setInterval(() => res.write(': ping\n\n'), 15000);
  req.on('close', () => {
    clearInterval(ping);
    subs.delete(res);
  });
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const p = url.pathname;
  const m = (re) => re.exec(p);
  let g;
  try {
    if (req.method === 'GET' && p === '/api/v1/system/status')
      return envelope(res, { model_configured: MODEL_CONFIGURED, auth_mode: 'single_user', version: '0.1.0-mock', default_model: 'claude-sonnet-4-5' });
    if (req.method === 'GET' && p === '/api/v1/models')
      return envelope(res, { default_model: 'claude-sonnet-4-5', model_list: ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'] });
    if (req.method === 'GET' && p === '/api/v1/events') return sse(req, res, userSubs, []);
    if (req.method === 'GET' && p === '/api/v1/sessions')
      return envelope(res, [...sessions.values()].sort((a, b) => b.created_at.localeCompare(a.created_at)));
    if (req.method === 'GET' && p === '/api/v1/projects') return envelope(res, projects);
    if (req.method === 'POST' && p === '/api/v1/projects') {
      const body = JSON.parse((await readBody(req)).toString() || '{}');
      if (!body.name?.trim()) return fail(res, 400, 40000, 'Project name cannot be empty');
      const pr = { project_id: randomUUID(), user_id: 'default', name: body.name.trim(), created_at: now(), updated_at: now() };
      projects.unshift(pr);
      return envelope(res, pr);
    }
    if ((g = m(/^\/api\/v1\/projects\/([^/]+)$/))) {
      const i = projects.findIndex((x) => x.project_id === g[1]);
      if (i < 0) return fail(res, 404, 14001, 'Project not found');
      if (req.method === 'PATCH') {
        const body = JSON.parse((await readBody(req)).toString() || '{}');
        Object.assign(projects[i], { name: body.name ?? projects[i].name, updated_at: now() });
        return envelope(res, projects[i]);
      }
      if (req.method === 'DELETE') {
        const [gone] = projects.splice(i, 1);
        for (const s of sessions.values()) if (s.project_id === gone.project_id) touch(s, { project_id: null });
        return envelope(res, { id: gone.project_id });
      }
    }
    if (req.method === 'POST' && p === '/api/v1/attachments/upload') {
      const raw = await readBody(req);
      const name = /filename="([^"]*)"/.exec(raw.toString('latin1'))?.[1] ?? 'upload.bin';
      if (raw.length > 20 * 1024 * 1024) return fail(res, 413, 413, 'File too large (max 20 MB)');
      const id = randomUUID();
      return envelope(res, { id, type: 'file', name, source: `attachments/default/${id}/file`, size: raw.length, content_type: 'application/octet-stream', path: null });
    }
    if (req.method === 'POST' && p === '/api/v1/tasks') {
      const body = JSON.parse((await readBody(req)).toString() || '{}');
      if (!body.prompt?.trim()) return fail(res, 400, 40000, 'Prompt cannot be empty');
      let s = body.session_id ? sessions.get(body.session_id) : null;
      if (body.session_id && !s) return fail(res, 404, 40400, `Session not found: ${body.session_id}`);
      if (!s) {
        s = { session_id: randomUUID(), user_id: 'default', project_id: body.project_id ?? null, sdk_session_id: null, title: null,
          config_snapshot: body.config ?? {}, workspace_archive_url: null, state_patch: null, workspace_export_status: null,
          status: 'pending', created_at: now(), updated_at: now() };
        sessions.set(s.session_id, s);
        messages.set(s.session_id, []);
        tools.set(s.session_id, new Map());
        runs.set(s.session_id, []);
        events.set(s.session_id, []);
        network.set(s.session_id, []);
        seedFiles(s.session_id);
        setTimeout(() => touch(s, { title: body.prompt.trim().split('\n')[0].slice(0, 60) }), 1500);
      }
      touch(s, { status: 'pending' });
      const um = addMessage(s.session_id, 'user', { _type: 'UserMessage', content: [{ _type: 'TextBlock', text: body.prompt.trim() }] });
      um.attachments = (body.config?.input_files ?? []).map((f) => ({ ...f, url: null }));
      const run = { run_id: randomUUID(), session_id: s.session_id, user_message_id: um.id, status: 'queued', permission_mode: body.permission_mode ?? 'default',
        progress: 0, last_error: null, started_at: null, finished_at: null, created_at: now(), updated_at: now(), usage: null };
      runs.get(s.session_id).push(run);
      emit(s.session_id, 'run.updated', run, run.run_id);
      void play(s, run, body.prompt, body.permission_mode);
      return envelope(res, { session_id: s.session_id, run_id: run.run_id, status: 'queued' });
    }
    if ((g = m(/^\/api\/v1\/user-input-requests\/([^/]+)\/answer$/)) && req.method === 'POST') {
      const q = questions.get(g[1]);
      if (!q) return fail(res, 404, 40400, 'Request not found');
      if (q.status !== 'pending') return fail(res, 400, 40000, `Request is not pending: ${q.status}`);
      if (Date.parse(q.expires_at) < Date.now()) return fail(res, 400, 40000, 'Request expired');
      const body = JSON.parse((await readBody(req)).toString() || '{}');
      Object.assign(q, { status: 'answered', answers: body.answers, answered_at: now(), updated_at: now() });
      emit(q.session_id, 'question.closed', q);
      return envelope(res, q);
    }
    if (req.method === 'GET' && p === '/api/v1/user-input-requests') {
      const sid = url.searchParams.get('session_id');
      return envelope(res, [...questions.values()].filter((q) => q.status === 'pending' && (!sid || q.session_id === sid)));
    }
    if ((g = m(/^\/api\/v1\/runs\/session\/([^/]+)$/))) return envelope(res, runs.get(g[1]) ?? []);
    if ((g = m(/^\/api\/v1\/sessions\/([^/]+)(\/.*)?$/))) {
      const s = sessions.get(g[1]);
      if (!s) return fail(res, 404, 40400, `Session not found: ${g[1]}`);
      const sub = g[2] ?? '';
      const sid = s.session_id;
      if (sub === '' && req.method === 'GET') return envelope(res, s);
      if (sub === '' && req.method === 'PATCH') {
        const body = JSON.parse((await readBody(req)).toString() || '{}');
        if ('title' in body) {
          if (!body.title?.trim()) return fail(res, 400, 40000, 'Title cannot be empty');
          s.title = body.title.trim();
        }
        if ('project_id' in body) s.project_id = body.project_id;
        touch(s, {});
        return envelope(res, s);
      }
      if (sub === '' && req.method === 'DELETE') {
        sessions.delete(sid);
        emit(sid, 'session.deleted', { session_id: sid });
        return envelope(res, { id: sid });
      }
      if (sub === '/cancel' && req.method === 'POST') {
        for (const r of runs.get(sid)) if (['queued', 'claimed', 'running'].includes(r.status)) updateRun(s, r, { status: 'canceled', finished_at: now() });
        for (const t of tools.get(sid).values()) if (!t.tool_output) finishTool(sid, t, 'Canceled', true, null);
        for (const q of questions.values()) if (q.session_id === sid && q.status === 'pending') {
          Object.assign(q, { status: 'expired', updated_at: now() });
          emit(sid, 'question.closed', q);
        }
        touch(s, { status: 'canceled' });
        return envelope(res, { session_id: sid, status: 'canceled' });
      }
      if (sub === '/messages-with-files') {
        const list = messages.get(sid).map((x) => ({ ...x, attachments: x.attachments ?? [] }));
        return envelope(res, list, 200, 'Success', 0, { 'X-Last-Event-ID': String(events.get(sid).length) });
      }
      if (sub === '/tool-executions') return envelope(res, [...tools.get(sid).values()]);
      if (sub === '/network') {
        const runId = url.searchParams.get('run_id');
        return envelope(res, network.get(sid).filter((e) => !runId || e.run_id === runId));
      }
      if (sub === '/workspace/files') return envelope(res, tree(sid));
      if (sub === '/workspace/file') {
        const f = files.get(sid).get(url.searchParams.get('path'));
        if (!f) return fail(res, 404, 40400, 'File not found');
        const headers = { 'Content-Type': f.mime };
        if (url.searchParams.get('download')) headers['Content-Disposition'] = `attachment; filename="${url.searchParams.get('path').split('/').pop()}"`;
        res.writeHead(200, headers);
        return res.end(f.content);
      }
      if (sub === '/events') {
        const after = Number(req.headers['last-event-id'] ?? url.searchParams.get('after') ?? 0);
        const subs = sessionSubs.get(sid) ?? new Set();
        sessionSubs.set(sid, subs);
        return sse(req, res, subs, events.get(sid).filter((e) => e.id > after));
      }
    }
    fail(res, 404, 40400, `No route for ${req.method} ${p}`);
  } catch (e) {
    fail(res, 500, 50000, String(e?.message ?? e));
  }
});

server.listen(PORT, '127.0.0.1', () => console.log(`mock Poco API on http://127.0.0.1:${PORT}`));
