import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Pages } from '../../routes';
import { fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';

beforeAll(async () => {
  await import('./Usage');
});
afterEach(() => vi.unstubAllGlobals());

const totals = (cost: number, input: number, output: number, runs = 1) => ({
  cost_usd: cost,
  input_tokens: input,
  output_tokens: output,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 1000,
  runs,
});

const summary = (budget: object) => ({
  from: '2026-11-05',
  to: '2026-12-04',
  total: totals(4.8, 1_000_000, 100_000),
  by_day: [{ day: '2026-12-04', ...totals(4.8, 1_000_000, 100_000) }],
  by_project: [{ project_id: 'p1', name: 'Billing', ...totals(4.8, 1_000_000, 100_000) }],
  by_model: [
    {
      model: 'claude-sonnet-4-5',
      cost_usd: 4.8,
      input_tokens: 1_000_000,
      output_tokens: 100_000,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 1000,
      requests: 3,
    },
  ],
  budget,
});

describe('Usage page', () => {
  it('shows the totals, each day, project and model, and the budget bar', async () => {
    fakeApi({
      'GET /api/v1/usage/summary?days=30': summary({ monthly_budget_usd: 10, spent_usd: 4.8, remaining_usd: 5.2, exceeded: false }),
    });
    renderInApp(<Pages onOpenSidebar={() => undefined} />, { path: '/usage' });

    expect((await screen.findByTestId('usage-total-cost')).textContent).toContain('$4.80');
    expect(screen.getByTestId('usage-total-input').textContent).toContain((1_000_000).toLocaleString());
    expect(within(screen.getByTestId('usage-by-day')).getByText('2026-12-04')).toBeTruthy();
    expect(within(screen.getByTestId('usage-by-project')).getByText('Billing')).toBeTruthy();
    expect(within(screen.getByTestId('usage-by-model')).getByText('claude-sonnet-4-5')).toBeTruthy();
    const bar = within(screen.getByTestId('usage-budget')).getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('48');
    expect(screen.getByTestId('usage-budget').textContent).toContain('$4.80 of $10.00 this month');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says when the budget is reached, and asks for another period', async () => {
    const api = fakeApi({
      'GET /api/v1/usage/summary?days=30': summary({ monthly_budget_usd: 4, spent_usd: 4.8, remaining_usd: 0, exceeded: true }),
      'GET /api/v1/usage/summary?days=7': summary({ monthly_budget_usd: 4, spent_usd: 4.8, remaining_usd: 0, exceeded: true }),
    });
    renderInApp(<Pages onOpenSidebar={() => undefined} />, { path: '/usage' });
    expect((await screen.findByRole('alert')).textContent).toContain('Budget reached');
    expect(within(screen.getByTestId('usage-budget')).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');

    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await waitFor(() => expect(api.calls.some((c) => c.url.endsWith('days=7'))).toBe(true));
  });

  it('without a budget says how to set one', async () => {
    fakeApi({
      'GET /api/v1/usage/summary?days=30': summary({ monthly_budget_usd: null, spent_usd: 1, remaining_usd: null, exceeded: false }),
    });
    renderInApp(<Pages onOpenSidebar={() => undefined} />, { path: '/usage' });
    expect((await screen.findByTestId('usage-budget')).textContent).toContain('POCO_USAGE_MONTHLY_BUDGET_USD');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});
