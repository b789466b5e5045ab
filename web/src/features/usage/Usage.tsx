// The Usage page (`/usage`): what the user's runs used and cost as the model gateway metered them, per
// day, per project and per model over a period, and the monthly budget as a bar.

import '../capabilities/Capabilities.css';
import './Usage.css';
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { usageApi, type UsageTotals } from '../../api/usage';
import { intlLocale, useT } from '../../i18n';
import { formatCost } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { Section } from '../capabilities/parts';

const PERIODS = [7, 30, 90];
const n = (value: number) => value.toLocaleString(intlLocale());

function Cells({ row }: { row: Omit<UsageTotals, 'runs'> & { runs?: number; requests?: number } }) {
  return (
    <>
      <td className="num">{formatCost(row.cost_usd)}</td>
      <td className="num">{n(row.input_tokens)}</td>
      <td className="num">{n(row.output_tokens)}</td>
      <td className="num">{n(row.cache_creation_input_tokens)}</td>
      <td className="num">{n(row.cache_read_input_tokens)}</td>
      <td className="num">{n(row.runs ?? row.requests ?? 0)}</td>
    </>
  );
}

function Head({ first, last }: { first: string; last: string }) {
  const t = useT();
  return (
    <thead>
      <tr>
        <th>{first}</th>
        <th className="num">{t('usage.cost')}</th>
        <th className="num">{t('usage.input')}</th>
        <th className="num">{t('usage.output')}</th>
        <th className="num">{t('usage.cacheWrite')}</th>
        <th className="num">{t('usage.cacheRead')}</th>
        <th className="num">{last}</th>
      </tr>
    </thead>
  );
}

export default function Usage({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const t = useT();
  const [days, setDays] = useState(30);
  const summary = useQuery({ queryKey: ['usage', days], queryFn: () => usageApi.summary(days), refetchInterval: 15_000 });

  useEffect(() => {
    document.title = `${t('usage.title')} · Poco`;
  }, [t]);

  const data = summary.data;
  const budget = data?.budget;
  const share = budget?.monthly_budget_usd ? Math.min(1, budget.spent_usd / budget.monthly_budget_usd) : 0;
  const maxDay = Math.max(0, ...(data?.by_day.map((d) => d.cost_usd) ?? []));

  return (
    <div className="caps usage-page" data-testid="usage-page">
      <header className="caps-head">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <h1>{t('usage.title')}</h1>
      </header>
      <div className="caps-body">
        <div className="caps-content">
          {budget && (
            <div className="usage-budget" data-testid="usage-budget">
              <div className="usage-budget-label">
                <strong>{t('usage.budget')}</strong>{' '}
                {budget.monthly_budget_usd != null
                  ? t('usage.budgetOf', { spent: formatCost(budget.spent_usd), limit: formatCost(budget.monthly_budget_usd) })
                  : t('usage.noBudget', { spent: formatCost(budget.spent_usd) })}
              </div>
              {budget.monthly_budget_usd != null && (
                <div
                  className={`usage-bar${budget.exceeded ? ' exceeded' : ''}`}
                  role="progressbar"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(share * 100)}
                  aria-label={t('usage.budget')}
                >
                  <div style={{ width: `${share * 100}%` }} />
                </div>
              )}
              {budget.exceeded && (
                <div className="inline-error" role="alert">
                  {t('usage.budgetExceeded')}
                </div>
              )}
            </div>
          )}
          <div className="usage-periods" role="group">
            {PERIODS.map((p) => (
              <button
                key={p}
                type="button"
                className={`btn btn-small${p === days ? ' btn-primary' : ''}`}
                aria-pressed={p === days}
                onClick={() => setDays(p)}
              >
                {t('usage.days', { n: p })}
              </button>
            ))}
          </div>
          {data && (
            <div className="usage-totals" data-testid="usage-totals">
              <div>
                <span className="muted">{t('usage.cost')}</span> <strong data-testid="usage-total-cost">{formatCost(data.total.cost_usd)}</strong>
              </div>
              <div>
                <span className="muted">{t('usage.input')}</span> <strong data-testid="usage-total-input">{n(data.total.input_tokens)}</strong>
              </div>
              <div>
                <span className="muted">{t('usage.output')}</span> <strong data-testid="usage-total-output">{n(data.total.output_tokens)}</strong>
              </div>
              <div>
                <span className="muted">{t('usage.runs')}</span> <strong>{n(data.total.runs)}</strong>
              </div>
            </div>
          )}
          <Section
            title={t('usage.byDay')}
            loading={summary.isPending}
            error={summary.error}
            onRetry={() => void summary.refetch()}
            empty={data && data.by_day.length === 0 ? t('usage.empty') : null}
          >
            <table className="usage-table" data-testid="usage-by-day">
              <Head first={t('usage.day')} last={t('usage.runs')} />
              <tbody>
                {data?.by_day.map((d) => (
                  <tr key={d.day}>
                    <td>
                      {d.day}
                      <div className="usage-spark" style={{ width: `${maxDay ? (d.cost_usd / maxDay) * 100 : 0}%` }} />
                    </td>
                    <Cells row={d} />
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          {data && data.by_project.length > 0 && (
            <Section title={t('usage.byProject')}>
              <table className="usage-table" data-testid="usage-by-project">
                <Head first={t('usage.project')} last={t('usage.runs')} />
                <tbody>
                  {data.by_project.map((p) => (
                    <tr key={p.project_id ?? 'none'}>
                      <td>{p.name ?? t('usage.noProject')}</td>
                      <Cells row={p} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
          )}
          {data && data.by_model.length > 0 && (
            <Section title={t('usage.byModel')}>
              <table className="usage-table" data-testid="usage-by-model">
                <Head first={t('usage.model')} last={t('usage.requests')} />
                <tbody>
                  {data.by_model.map((m) => (
                    <tr key={m.model}>
                      <td>{m.model}</td>
                      <Cells row={{ ...m, cost_usd: m.cost_usd ?? 0 }} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
          )}
        </div>
      </div>
    </div>
  );
}
