import { describe, expect, it } from 'vitest';
import { lineDiff } from './diff';
import { formatBytes, formatCost, formatDuration, formatTokens, stripAnsi } from './format';
import { loadHistory, pushHistory, step } from './history';
import { parseMessage, toolResultText } from '../features/conversation/sdk';
import { langForPath } from './highlight';
import { previewKind, downloadUrl } from '../features/files/FilePreview';

describe('sdk parsing', () => {
  it('matches _type by substring', () => {
    expect(parseMessage({ _type: 'claude_agent_sdk.types.AssistantMessage', content: [{ _type: 'TextBlock', text: 'x' }] }).kind).toBe('assistant');
    expect(parseMessage({ _type: 'SystemMessage', subtype: 'init', data: {} })).toEqual({ kind: 'system', subtype: 'init' });
    expect(parseMessage({ _type: 'UserMessage', content: [{ _type: 'ToolResultBlock', tool_use_id: 'a', content: null }] }).kind).toBe('tool_results');
    expect(parseMessage({ _type: 'UserMessage', content: 'plain' })).toEqual({ kind: 'user', blocks: [{ kind: 'text', text: 'plain' }] });
    expect(parseMessage({ whatever: 1 }).kind).toBe('unknown');
  });

  it('reads tool result content in all its shapes', () => {
    expect(toolResultText('a')).toBe('a');
    expect(toolResultText([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }])).toBe('a\nb');
    expect(toolResultText(null)).toBe('');
  });
});

describe('lineDiff', () => {
  it('keeps common lines as context', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: ' ', text: 'c' },
    ]);
    expect(lineDiff('', 'new')).toEqual([{ op: '+', text: 'new' }]);
  });
});

describe('formatting', () => {
  it('formats sizes, durations, costs and tokens', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatDuration(450)).toBe('450 ms');
    expect(formatDuration(12_300)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatCost(0.0123)).toBe('$0.0123');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatTokens(1234)).toBe('1.2k');
    expect(stripAnsi('\u001b[1;31mred\u001b[0m')).toBe('red');
  });
});

describe('prompt history', () => {
  it('keeps unique prompts, newest last', () => {
    pushHistory('one');
    pushHistory('two');
    pushHistory('one');
    expect(loadHistory()).toEqual(['two', 'one']);
    expect(step(['a', 'b'], 2, -1)).toBe(1);
    expect(step(['a', 'b'], 0, -1)).toBeNull();
    expect(step(['a', 'b'], 1, 1)).toBe(2);
  });
});

describe('files', () => {
  it('picks a preview kind and a language', () => {
    expect(previewKind('a.png', null)).toBe('image');
    expect(previewKind('index.html', 'text/html')).toBe('html');
    expect(previewKind('README.md', null)).toBe('markdown');
    expect(previewKind('x.zip', null)).toBe('binary');
    expect(previewKind('main.rs', null)).toBe('text');
    expect(langForPath('/src/main.rs')).toBe('rust');
    expect(langForPath('/Dockerfile')).toBe('dockerfile');
    expect(langForPath('/notes.txt')).toBeNull();
    expect(downloadUrl('/f?path=/a')).toBe('/f?path=/a&download=1');
    expect(downloadUrl('/f/a')).toBe('/f/a?download=1');
    const presigned = 'https://s3.example/bucket/workspaces/u/s/files/a.txt?X-Amz-Signature=abc';
    expect(downloadUrl(presigned)).toBe(presigned);
  });
});
