// The session's replay (issue 13, poco's "Computer" view): the steps the agent took on its computer,
// in order, newest last. A step is a call of the browser (poco's Playwright MCP server, or a user's
// own), a terminal command (Bash) or a file tool (Read, Write, Edit, …: poco's "tool" frames);
// everything else the agent did stays in the conversation only.
//
// Built from the conversation's turns, so a step has the same input, output and order as its tool
// card, live calls (not yet in a message) included.

import { isBrowserTool } from '../conversation/toolRenderers';
import type { ToolOutput, Turn } from '../conversation/turns';

export type StepKind = 'browser' | 'terminal' | 'files';

/** The tools that read or change the workspace's files: poco's generic "tool" frames. */
const FILE_TOOLS = new Set(['Read', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Glob', 'Grep', 'LS']);

export interface ComputerStep {
  kind: StepKind;
  /** The tool call's id: the step's key, and what its screenshot is fetched by. */
  toolUseId: string;
  name: string;
  input: Record<string, unknown>;
  output: ToolOutput | null;
}

export function stepKind(name: string): StepKind | null {
  if (name === 'Bash') return 'terminal';
  if (FILE_TOOLS.has(name)) return 'files';
  return isBrowserTool(name) ? 'browser' : null;
}

/**
 * The browser, terminal and file calls of `turns`, oldest first. A call seen twice (a message replayed
 * after a reconnect) is one step; a call without an id cannot be told apart from another and is
 * left out.
 */
export function computerSteps(turns: readonly Turn[]): ComputerStep[] {
  const steps: ComputerStep[] = [];
  const seen = new Set<string>();
  for (const turn of turns) {
    for (const item of turn.items) {
      if (item.kind !== 'tool' || !item.toolUseId || seen.has(item.toolUseId)) continue;
      const kind = stepKind(item.name);
      if (!kind) continue;
      seen.add(item.toolUseId);
      steps.push({ kind, toolUseId: item.toolUseId, name: item.name, input: item.input, output: item.output });
    }
  }
  return steps;
}
