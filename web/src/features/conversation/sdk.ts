// Reads poco's serialized Claude Agent SDK messages (`{"_type": "AssistantMessage", …}`).
// `_type` is matched by substring, as poco does; plain Anthropic block shapes (`type: "text"`) are
// accepted too.

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'thinking'; text: string }
  | { kind: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { kind: 'tool_result'; toolUseId: string; content: unknown; isError: boolean };

export interface ResultInfo {
  subtype: string;
  isError: boolean;
  durationMs: number | null;
  numTurns: number | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheCreationTokens: number | null;
  result: string | null;
}

export type Parsed =
  | { kind: 'user'; blocks: Block[] }
  | { kind: 'tool_results'; blocks: Block[] }
  | { kind: 'assistant'; blocks: Block[]; model: string | null }
  | { kind: 'system'; subtype: string | null }
  | { kind: 'result'; result: ResultInfo }
  | { kind: 'unknown' };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function typeOf(o: Obj): string {
  return String(o._type ?? o.type ?? '');
}

export function parseBlock(raw: unknown): Block | null {
  if (typeof raw === 'string') return { kind: 'text', text: raw };
  if (!isObj(raw)) return null;
  const t = typeOf(raw);
  if (t.includes('ToolUseBlock') || t === 'tool_use' || t === 'server_tool_use') {
    return {
      kind: 'tool_use',
      id: String(raw.id ?? ''),
      name: String(raw.name ?? 'unknown'),
      input: isObj(raw.input) ? raw.input : {},
    };
  }
  if (t.includes('ToolResultBlock') || t === 'tool_result') {
    return {
      kind: 'tool_result',
      toolUseId: String(raw.tool_use_id ?? ''),
      content: raw.content ?? null,
      isError: raw.is_error === true,
    };
  }
  if (t.includes('ThinkingBlock') || t === 'thinking') {
    return { kind: 'thinking', text: str(raw.thinking) ?? '' };
  }
  if (t.includes('TextBlock') || t === 'text') {
    return { kind: 'text', text: str(raw.text) ?? '' };
  }
  return null;
}

function blocksOf(content: unknown): Block[] {
  if (typeof content === 'string') return content ? [{ kind: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [];
  return content.map(parseBlock).filter((b): b is Block => b !== null);
}

export function parseMessage(content: unknown, role?: string): Parsed {
  if (typeof content === 'string') {
    return role === 'assistant'
      ? { kind: 'assistant', blocks: blocksOf(content), model: null }
      : { kind: 'user', blocks: blocksOf(content) };
  }
  if (!isObj(content)) return { kind: 'unknown' };
  const t = typeOf(content);
  if (t.includes('ResultMessage') || t === 'result') {
    const usage = isObj(content.usage) ? content.usage : {};
    return {
      kind: 'result',
      result: {
        subtype: str(content.subtype) ?? '',
        isError: content.is_error === true || (str(content.subtype) ?? 'success').startsWith('error'),
        durationMs: num(content.duration_ms),
        numTurns: num(content.num_turns),
        costUsd: num(content.total_cost_usd),
        inputTokens: num(usage.input_tokens),
        outputTokens: num(usage.output_tokens),
        cacheReadTokens: num(usage.cache_read_input_tokens),
        cacheCreationTokens: num(usage.cache_creation_input_tokens),
        result: str(content.result),
      },
    };
  }
  if (t.includes('SystemMessage') || t === 'system') return { kind: 'system', subtype: str(content.subtype) };
  if (t.includes('AssistantMessage') || t === 'assistant' || (!t && role === 'assistant')) {
    const inner = isObj(content.message) && !('content' in content) ? content.message : content;
    return { kind: 'assistant', blocks: blocksOf(inner.content), model: str(inner.model) };
  }
  if (t.includes('UserMessage') || t === 'user' || (!t && role === 'user')) {
    const inner = isObj(content.message) && !('content' in content) ? content.message : content;
    const blocks = blocksOf(inner.content);
    const hasResults = blocks.some((b) => b.kind === 'tool_result');
    const hasText = blocks.some((b) => b.kind === 'text' && b.text.trim() !== '');
    if (hasResults && !hasText) return { kind: 'tool_results', blocks };
    return { kind: 'user', blocks };
  }
  return { kind: 'unknown' };
}

/** Text of a tool result's `content`: a string, a list of `{type:"text",text}` parts, or null. */
export function toolResultText(content: unknown): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part;
        if (isObj(part)) {
          if (typeof part.text === 'string') return part.text;
          if (part.type === 'image') return '[image]';
        }
        return JSON.stringify(part);
      })
      .join('\n');
  }
  if (isObj(content) && typeof content.text === 'string') return content.text;
  return JSON.stringify(content, null, 2);
}

/** Image parts of a tool result (base64), for Read on an image file and similar. */
export function toolResultImages(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  const out: string[] = [];
  for (const part of content) {
    if (!isObj(part) || part.type !== 'image' || !isObj(part.source)) continue;
    const src = part.source;
    if (src.type === 'base64' && typeof src.data === 'string') {
      out.push(`data:${String(src.media_type ?? 'image/png')};base64,${src.data}`);
    }
  }
  return out;
}

/** Plain text of a user prompt message. */
export function promptText(p: Parsed): string {
  if (p.kind !== 'user') return '';
  return p.blocks
    .filter((b): b is Extract<Block, { kind: 'text' }> => b.kind === 'text')
    .map((b) => b.text)
    .join('\n\n');
}
