import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Question } from '../../api/types';
import { jsonResponse, question } from '../../test/fixtures';
import { PlanCard, QuestionCard, buildAnswers, emptySelection } from './QuestionCard';

const fetchMock = vi.fn();
beforeEach(() => vi.stubGlobal('fetch', fetchMock));
afterEach(() => {
  fetchMock.mockReset();
  vi.unstubAllGlobals();
});

const single: Question = {
  question: 'Which database?',
  options: [{ label: 'PostgreSQL' }, { label: 'SQLite' }],
  multiSelect: false,
};
const multi: Question = {
  question: 'Which checks?',
  options: [{ label: 'Lint' }, { label: 'Tests' }, { label: 'Types' }],
  multiSelect: true,
};

describe('buildAnswers', () => {
  it('answers a single-select question with the label', () => {
    expect(buildAnswers([single], { 0: { ...emptySelection(), selected: ['SQLite'] } })).toEqual({ 'Which database?': 'SQLite' });
  });

  it('joins multi-select labels with ", "', () => {
    expect(buildAnswers([multi], { 0: { ...emptySelection(), selected: ['Lint', 'Types'] } })).toEqual({ 'Which checks?': 'Lint, Types' });
  });

  it('uses the Other text, alone for single-select and appended for multi-select', () => {
    expect(buildAnswers([single], { 0: { selected: [], otherChosen: true, other: '  MySQL ' } })).toEqual({ 'Which database?': 'MySQL' });
    expect(buildAnswers([multi], { 0: { selected: ['Tests'], otherChosen: true, other: 'Fuzzing' } })).toEqual({
      'Which checks?': 'Tests, Fuzzing',
    });
  });

  it('keys every question by its text', () => {
    expect(
      buildAnswers([single, multi], {
        0: { ...emptySelection(), selected: ['PostgreSQL'] },
        1: { ...emptySelection(), selected: ['Lint'] },
      }),
    ).toEqual({ 'Which database?': 'PostgreSQL', 'Which checks?': 'Lint' });
  });
});

describe('QuestionCard', () => {
  it('submits the chosen option to the answer endpoint', async () => {
    const req = question({ tool_input: { questions: [single, multi] } });
    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'ok', data: { ...req, status: 'answered' } }));
    const onAnswered = vi.fn();
    render(<QuestionCard request={req} onAnswered={onAnswered} />);
    const card = screen.getByTestId('question-card');
    const submit = within(card).getByTestId('question-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);

    const options = within(card).getAllByTestId('question-option');
    fireEvent.click(options.find((o) => o.textContent === 'SQLite')!);
    expect(submit.disabled).toBe(true); // the second question is still open
    fireEvent.click(options.find((o) => o.textContent === 'Lint')!);
    fireEvent.click(options.find((o) => o.textContent === 'Types')!);
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);

    await vi.waitFor(() => expect(onAnswered).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/user-input-requests/q1/answer');
    expect(JSON.parse(init.body)).toEqual({ answers: { 'Which database?': 'SQLite', 'Which checks?': 'Lint, Types' } });
  });

  it('accepts a free-text Other answer', async () => {
    const req = question({ tool_input: { questions: [single] } });
    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'ok', data: { ...req, status: 'answered' } }));
    render(<QuestionCard request={req} onAnswered={() => undefined} />);
    const card = screen.getByTestId('question-card');
    fireEvent.click(within(card).getAllByTestId('question-option').find((o) => o.dataset.other === 'true')!);
    fireEvent.change(within(card).getByTestId('question-other-input'), { target: { value: 'DuckDB' } });
    fireEvent.click(within(card).getByTestId('question-submit'));
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ answers: { 'Which database?': 'DuckDB' } });
  });

  it('shows the server error inline and keeps the card', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 40000, message: 'Request expired', data: null }, 400));
    const onAnswered = vi.fn();
    render(<QuestionCard request={question()} onAnswered={onAnswered} />);
    const card = screen.getByTestId('question-card');
    fireEvent.click(within(card).getAllByTestId('question-option')[0]);
    fireEvent.click(within(card).getByTestId('question-submit'));
    expect((await within(card).findByRole('alert')).textContent).toBe('Request expired');
    expect(onAnswered).not.toHaveBeenCalled();
  });

  it('counts down to expires_at and disables itself when expired', () => {
    render(<QuestionCard request={question({ expires_at: new Date(Date.now() + 90_500).toISOString() })} onAnswered={() => undefined} />);
    expect(screen.getByTestId('question-countdown').textContent).toMatch(/1:3\d/);
    render(<QuestionCard request={question({ id: 'q2', expires_at: new Date(Date.now() - 1000).toISOString() })} onAnswered={() => undefined} />);
    const expired = screen.getAllByTestId('question-card')[1];
    expect(expired.className).toContain('is-expired');
    expect((within(expired).getByTestId('question-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('PlanCard', () => {
  const plan = question({
    id: 'p1',
    tool_name: 'ExitPlanMode',
    tool_input: { plan: '## Steps\n\n1. Read the code\n2. Fix it' },
    expires_at: new Date(Date.now() + 600_000).toISOString(),
  });

  it('renders the plan as Markdown', () => {
    render(<PlanCard request={plan} onAnswered={() => undefined} />);
    const card = screen.getByTestId('question-card');
    expect(card.dataset.kind).toBe('plan');
    expect(within(card).getByRole('heading', { name: 'Steps' })).toBeTruthy();
    expect(within(card).getAllByRole('listitem')).toHaveLength(2);
  });

  it.each([
    ['plan-approve', 'true'],
    ['plan-reject', 'false'],
  ])('%s answers approved=%s', async (testId, approved) => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'ok', data: { ...plan, status: 'answered' } }));
    const onAnswered = vi.fn();
    render(<PlanCard request={plan} onAnswered={onAnswered} />);
    fireEvent.click(screen.getByTestId(testId));
    await vi.waitFor(() => expect(onAnswered).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/user-input-requests/p1/answer');
    expect(JSON.parse(init.body)).toEqual({ answers: { approved } });
  });
});
