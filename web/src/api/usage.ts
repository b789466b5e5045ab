// Wire types and calls for the Usage page (GET /usage/summary, Poco's own).

import { get } from './client';

export interface UsageTotals {
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  runs: number;
}

export interface UsageDay extends UsageTotals {
  day: string;
}

export interface UsageProject extends UsageTotals {
  project_id: string | null;
  name: string | null;
}

export interface UsageModel {
  model: string;
  cost_usd: number | null;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  requests: number;
}

export interface UsageBudget {
  monthly_budget_usd: number | null;
  spent_usd: number;
  remaining_usd: number | null;
  exceeded: boolean;
}

export interface UsageSummary {
  from: string;
  to: string;
  total: UsageTotals;
  by_day: UsageDay[];
  by_project: UsageProject[];
  by_model: UsageModel[];
  budget: UsageBudget;
}

export const usageApi = {
  summary: (days: number) => get<UsageSummary>(`/api/v1/usage/summary?days=${days}`),
};
