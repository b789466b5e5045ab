import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';
import { hasMath } from './math';

describe('Markdown math', () => {
  it('typesets inline and display math with KaTeX', async () => {
    const { container } = render(
      <Markdown math text={'Euler: $e^{i\\pi} + 1 = 0$.\n\n$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$\n'} />,
    );
    await waitFor(() => expect(container.querySelector('.katex-display')).not.toBeNull());
    const inline = container.querySelectorAll('p .katex');
    expect(inline).toHaveLength(1);
    // KaTeX's MathML carries the source for screen readers; its HTML draws the formula.
    expect(inline[0].querySelector('annotation[encoding="application/x-tex"]')?.textContent).toBe('e^{i\\pi} + 1 = 0');
    expect(inline[0].querySelector('.katex-html')).not.toBeNull();
    const display = container.querySelector('.katex-display annotation')?.textContent ?? '';
    expect(display).toContain('\\frac{1}{3}');
    expect(container.querySelector('.katex-display .mfrac')).not.toBeNull();
    expect(container.textContent).not.toContain('$$');
  });

  it('shows a formula KaTeX cannot parse as its source, not an error page', async () => {
    const { container } = render(<Markdown math text={'bad: $\\frac{1}{$ and good: $x$'} />);
    await waitFor(() => expect(container.querySelector('.katex')).not.toBeNull());
    expect(container.textContent).toContain('bad:');
  });

  it('leaves dollars alone without math, and in code', async () => {
    render(<Markdown text={'Costs $5 and $10.'} />);
    expect(screen.getByText('Costs $5 and $10.')).toBeTruthy();
    const { container } = render(<Markdown math text={'Run `echo $HOME$` then $y$'} />);
    await waitFor(() => expect(container.querySelector('.katex')).not.toBeNull());
    expect(container.querySelector('code')?.textContent).toBe('echo $HOME$');
  });

  it('loads KaTeX only for text that has math', () => {
    expect(hasMath('no math here')).toBe(false);
    expect(hasMath('price: $ 5')).toBe(false);
    expect(hasMath('an unclosed $$ here')).toBe(false);
    expect(hasMath('$x$')).toBe(true);
    expect(hasMath('a\n$$\n\\sum_i i\n$$')).toBe(true);
  });
});
