// A session's network events (issue 13): kept in order, deduplicated by id, and grouped by the tool
// call that opened them.

import type { NetworkEvent } from '../../api/types';

function time(s: string): number {
  const t = Date.parse(s);
  return Number.isNaN(t) ? -Infinity : t;
}

/** Oldest first: by start time, then by the run's own numbering, then by id. */
export function compareNetwork(a: NetworkEvent, b: NetworkEvent): number {
  const ta = time(a.started_at);
  const tb = time(b.started_at);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.run_id === b.run_id && a.seq !== b.seq) return a.seq - b.seq;
  return a.id - b.id;
}

/**
 * `list` with the events of `incoming` it does not have yet, in order. Records never change once
 * written, so a known id keeps its object; when nothing is new, `list` itself is returned.
 */
export function mergeNetwork(list: NetworkEvent[], incoming: readonly NetworkEvent[]): NetworkEvent[] {
  const known = new Set(list.map((e) => e.id));
  const fresh: NetworkEvent[] = [];
  for (const e of incoming) {
    if (e == null || typeof e.id !== 'number' || known.has(e.id)) continue;
    known.add(e.id);
    fresh.push(e);
  }
  if (fresh.length === 0) return list;
  const next = [...list, ...fresh];
  // Nearly always appended in order; sort only when not.
  for (let i = Math.max(1, list.length); i < next.length; i++) {
    if (compareNetwork(next[i - 1], next[i]) > 0) return next.sort(compareNetwork);
  }
  return next;
}

/** Events by the tool call that opened them; those without one are left out. */
export function networkByTool(list: readonly NetworkEvent[]): Map<string, NetworkEvent[]> {
  const out = new Map<string, NetworkEvent[]>();
  for (const e of list) {
    if (!e.tool_use_id) continue;
    const group = out.get(e.tool_use_id);
    if (group) group.push(e);
    else out.set(e.tool_use_id, [e]);
  }
  return out;
}

export function refusedCount(list: readonly NetworkEvent[]): number {
  return list.reduce((n, e) => n + (e.allowed ? 0 : 1), 0);
}

/** `host:port`, with an IPv6 literal in brackets. */
export function hostPort(e: Pick<NetworkEvent, 'host' | 'port'>): string {
  const host = e.host.includes(':') && !e.host.startsWith('[') ? `[${e.host}]` : e.host;
  return `${host}:${e.port}`;
}
