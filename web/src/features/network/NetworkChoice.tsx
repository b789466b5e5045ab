// The choice of network a task's sandbox gets (issue 13): a compact select for the mode, and below
// it, once a mode is chosen, what that mode means plus the hosts field for `allowlist`. The server
// checks the host patterns; its 400 message comes back as `error` and is shown under the field.

import './NetworkChoice.css';
import { useId } from 'react';
import { ApiError } from '../../api/client';
import type { NetworkConfig, NetworkMode } from '../../api/types';
import { useT, type MessageKey } from '../../i18n';

/** What the user picked; `default` sends nothing, so the project's or the server's choice applies. */
export interface NetworkChoiceValue {
  mode: NetworkMode | 'default';
  /** The hosts field as typed: patterns separated by commas, spaces or new lines. */
  hosts: string;
}

export const DEFAULT_NETWORK: NetworkChoiceValue = { mode: 'default', hosts: '' };

const MODES: NetworkChoiceValue['mode'][] = ['default', 'none', 'allowlist', 'open'];

export const modeLabelKey: Record<NetworkMode, MessageKey> = {
  none: 'network.choice.none',
  allowlist: 'network.choice.allowlist',
  open: 'network.choice.open',
};

const explainKey: Record<NetworkMode, MessageKey> = {
  none: 'network.explain.none',
  allowlist: 'network.explain.allowlist',
  open: 'network.explain.open',
};

/** The patterns of a hosts field, in order and without repeats. */
export function parseHosts(text: string): string[] {
  const out: string[] = [];
  for (const h of text.split(/[\s,]+/)) if (h && !out.includes(h)) out.push(h);
  return out;
}

/** The wire form of a choice; undefined for `default`, which is sent as nothing. */
export function toNetworkConfig(value: NetworkChoiceValue): NetworkConfig | undefined {
  if (value.mode === 'default') return undefined;
  if (value.mode !== 'allowlist') return { mode: value.mode };
  const hosts = parseHosts(value.hosts);
  return hosts.length ? { mode: 'allowlist', hosts } : { mode: 'allowlist' };
}

export function fromNetworkConfig(config: NetworkConfig | null | undefined): NetworkChoiceValue {
  if (!config) return DEFAULT_NETWORK;
  return { mode: config.mode, hosts: (config.hosts ?? []).join(', ') };
}

/** The server refused the network the request named (HTTP 400 about `network` or a host pattern). */
export function isNetworkRejection(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status === 400 && /\bnetwork\b|host pattern/i.test(e.message);
}

interface SelectProps {
  value: NetworkChoiceValue;
  onChange: (value: NetworkChoiceValue) => void;
  /** Text of the `default` option, e.g. naming the project's own choice. */
  defaultLabel?: string;
  className?: string;
  testId?: string;
  disabled?: boolean;
}

/** The mode, as a native select: keyboard and screen-reader friendly, and narrow on a phone. */
export function NetworkSelect({ value, onChange, defaultLabel, className, testId, disabled }: SelectProps) {
  const t = useT();
  return (
    <select
      className={className}
      aria-label={t('network.choice.label')}
      title={t('network.choice.title')}
      data-testid={testId}
      value={value.mode}
      disabled={disabled}
      onChange={(e) => onChange({ ...value, mode: e.target.value as NetworkChoiceValue['mode'] })}
    >
      {MODES.map((m) => (
        <option key={m} value={m}>
          {m === 'default' ? (defaultLabel ?? t('network.choice.default')) : t(modeLabelKey[m])}
        </option>
      ))}
    </select>
  );
}

interface DetailsProps {
  value: NetworkChoiceValue;
  onChange: (value: NetworkChoiceValue) => void;
  /** The server's message refusing this choice. */
  error?: string | null;
  testId?: string;
}

/** What the chosen mode means, the hosts field for `allowlist`, and the server's refusal; nothing for `default`. */
export function NetworkDetails({ value, onChange, error, testId }: DetailsProps) {
  const t = useT();
  const id = useId();
  if (value.mode === 'default') return null;
  const help = `${id}-help`;
  const err = `${id}-error`;
  return (
    <div className="network-choice" data-testid={testId}>
      <p className="network-choice-explain">
        {t(explainKey[value.mode])}
        {value.mode !== 'none' && <> {t('network.explain.private')}</>}
      </p>
      {value.mode === 'allowlist' && (
        <>
          <label className="network-choice-label" htmlFor={`${id}-hosts`}>
            {t('network.hosts')}
          </label>
          <textarea
            id={`${id}-hosts`}
            className="network-choice-hosts"
            data-testid={testId && `${testId}-hosts`}
            rows={2}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            placeholder="pypi.org, *.npmjs.org"
            value={value.hosts}
            aria-describedby={error ? `${help} ${err}` : help}
            aria-invalid={error ? true : undefined}
            onChange={(e) => onChange({ ...value, hosts: e.target.value })}
          />
          <p id={help} className="network-choice-help">
            {t('network.hostsHint')}
          </p>
        </>
      )}
      {error && (
        <p id={err} className="network-choice-error" role="alert" data-testid={testId && `${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
