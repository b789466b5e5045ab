import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildTurns } from './turns';
import { assistantMsg, run, userMsg } from '../../test/fixtures';
import { TurnView } from './Conversation';
import type { PartialBlock } from '../session/sessionReducer';

const turnOf = (...messages: Parameters<typeof buildTurns>[0]) => buildTurns(messages, [], [run()])[0];

describe('streaming text', () => {
  it('shows partial Markdown with a cursor after the stored items, and nothing twice once complete', () => {
    const partial: PartialBlock[] = [{ key: 'r1:msg_1:0', runId: 'r1', kind: 'text', text: 'Roses are **red**' }];
    const { rerender } = render(<TurnView turn={turnOf(userMsg(1, 'poem'))} active streaming={partial} />);
    const shown = screen.getByTestId('message-partial');
    expect(shown.textContent).toContain('Roses are red');
    expect(shown.querySelector('strong')?.textContent).toBe('red');
    expect(shown.querySelector('.md.typing-cursor > p')?.textContent).toBe('Roses are red');
    expect(shown.getAttribute('aria-busy')).toBe('true');

    rerender(
      <TurnView
        turn={turnOf(userMsg(1, 'poem'), assistantMsg(2, [{ _type: 'TextBlock', text: 'Roses are **red**, violets' }]))}
        active
        streaming={[]}
      />,
    );
    expect(screen.queryByTestId('message-partial')).toBeNull();
    expect(screen.getAllByTestId('message-assistant')).toHaveLength(1);
  });

  it('shows thinking as it is written in the thinking disclosure', () => {
    render(
      <TurnView
        turn={turnOf(userMsg(1, 'poem'))}
        active
        streaming={[{ key: 'r1:msg_1:0', runId: 'r1', kind: 'thinking', text: 'Pondering' }]}
      />,
    );
    expect(screen.getByTestId('thinking-partial').textContent).toContain('Pondering');
  });
});
