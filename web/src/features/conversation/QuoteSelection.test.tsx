import { act, fireEvent, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { asQuote, QuoteSelection } from './QuoteSelection';

function Page({ onQuote }: { onQuote: (q: string) => void }) {
  const root = useRef<HTMLDivElement>(null);
  return (
    <>
      <div ref={root}>
        <div data-testid="message-user">
          <p id="prompt">My own words</p>
        </div>
        <div data-testid="message-assistant">
          <p id="answer">The answer has two lines</p>
          <p id="more">and a second paragraph</p>
        </div>
      </div>
      <p id="outside">Elsewhere on the page</p>
      <QuoteSelection root={root} onQuote={onQuote} />
    </>
  );
}

/** Selects from the start of `fromId`'s text to the end of `toId`'s, and lets the listener see it. */
async function select(fromId: string, toId = fromId) {
  const from = document.getElementById(fromId)!.firstChild!;
  const to = document.getElementById(toId)!.firstChild!;
  const range = document.createRange();
  range.setStart(from, 0);
  range.setEnd(to, to.textContent!.length);
  // jsdom lays nothing out: a range has no rectangle of its own.
  range.getBoundingClientRect = () => ({ top: 200, bottom: 220, left: 100, right: 300, width: 200, height: 20, x: 100, y: 200, toJSON: () => ({}) });
  const sel = window.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(range);
  await act(async () => {
    document.dispatchEvent(new Event('selectionchange'));
    await new Promise((r) => requestAnimationFrame(() => r(null)));
  });
}

describe('quoting a selection', () => {
  it('turns text into a Markdown quote, line by line', () => {
    expect(asQuote('  one\ntwo  \n\nthree\r\n')).toBe('> one\n> two\n>\n> three');
  });

  it('offers a named button for text selected in an answer, which quotes it and clears the selection', async () => {
    const onQuote = vi.fn();
    render(<Page onQuote={onQuote} />);
    expect(screen.queryByTestId('quote-selection')).toBeNull();
    await select('answer');
    const button = screen.getByTestId('quote-selection');
    expect(button.getAttribute('aria-label')).toBe('Quote the selected text in your message');
    expect(button.style.top).toBe('156px'); // above the selection
    fireEvent.click(button);
    expect(onQuote).toHaveBeenCalledTimes(1);
    expect(onQuote).toHaveBeenCalledWith('> The answer has two lines');
    expect(window.getSelection()!.isCollapsed || window.getSelection()!.rangeCount === 0).toBe(true);
    expect(screen.queryByTestId('quote-selection')).toBeNull();
  });

  it('offers nothing for the user\'s own prompt, text outside the conversation, or an empty selection', async () => {
    render(<Page onQuote={() => undefined} />);
    await select('prompt');
    expect(screen.queryByTestId('quote-selection')).toBeNull();
    await select('answer', 'outside');
    expect(screen.queryByTestId('quote-selection')).toBeNull();
    await select('answer', 'more');
    expect(screen.getByTestId('quote-selection')).toBeTruthy();
    await act(async () => {
      window.getSelection()!.removeAllRanges();
      document.dispatchEvent(new Event('selectionchange'));
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    });
    expect(screen.queryByTestId('quote-selection')).toBeNull();
  });
});
