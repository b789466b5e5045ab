import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { usePromptKeys } from './promptKeys';

function Page({ withInput = false }: { withInput?: boolean }) {
  usePromptKeys();
  return (
    <div>
      {withInput && <textarea data-testid="field" />}
      {['one', 'two', 'three'].map((id) => (
        <div key={id} data-testid="message-user" data-message-id={id}>
          {id}
        </div>
      ))}
    </div>
  );
}

const current = () => document.querySelector('[data-prompt-current]')?.getAttribute('data-message-id');

describe('J/K between prompts', () => {
  it('moves to the next and previous prompt and stops at the ends', () => {
    render(<Page />);
    // jsdom lays nothing out: every top is 0, so the first prompt is the first in view and J snaps to it
    fireEvent.keyDown(window, { key: 'j' });
    expect(current()).toBe('one');
    fireEvent.keyDown(window, { key: 'j' });
    expect(current()).toBe('two');
    expect(document.activeElement?.getAttribute('data-message-id')).toBe('two');
    fireEvent.keyDown(window, { key: 'j' });
    expect(current()).toBe('three');
    fireEvent.keyDown(window, { key: 'j' });
    expect(current()).toBe('three');
    fireEvent.keyDown(window, { key: 'k' });
    fireEvent.keyDown(window, { key: 'K' });
    expect(current()).toBe('one');
    fireEvent.keyDown(window, { key: 'k' });
    expect(current()).toBe('one');
  });

  it('leaves keys typed into a field or with a modifier alone', () => {
    const { getByTestId } = render(<Page withInput />);
    fireEvent.keyDown(getByTestId('field'), { key: 'j' });
    fireEvent.keyDown(window, { key: 'j', ctrlKey: true });
    expect(current()).toBeUndefined();
  });
});
