import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { at, netEvent, refusedEvent, run } from '../../test/fixtures';
import { NetworkPanel } from './NetworkPanel';
import { hostPort, mergeNetwork } from './network';

const runs = [run({ run_id: 'r1', created_at: at(1) }), run({ run_id: 'r2', created_at: at(50), user_message_id: 3 })];

describe('NetworkPanel', () => {
  it("lists every connection of the session's runs in order, with time, run, method, target, status and reason", () => {
    const events = [
      netEvent(1),
      refusedEvent(2, {
        run_id: 'r2',
        seq: 1,
        host: 'rebind.example.com',
        port: 80,
        method: 'GET',
        url: 'http://rebind.example.com/latest',
        address: '10.0.0.5',
        reason: 'rebind.example.com resolves to 10.0.0.5, a private or reserved address; only an allowlist entry naming it exactly opens it',
      }),
      netEvent(3, { run_id: 'r-unknown-run', bytes_up: 0, bytes_down: 1_500_000, duration_ms: 2_500 }),
    ];
    render(<NetworkPanel events={events} runs={runs} />);
    const panel = screen.getByTestId('network-panel');
    expect(within(panel).getByRole('heading', { name: 'Network' })).toBeTruthy();
    expect(within(panel).getByText('3 connections, 1 refused')).toBeTruthy();
    const rows = within(panel).getAllByTestId('network-row');
    expect(rows).toHaveLength(3);

    const [allowed, refused, other] = rows;
    expect(allowed.querySelector('time')?.getAttribute('datetime')).toBe(events[0].started_at);
    expect(allowed.textContent).toContain('Run 1');
    expect(allowed.textContent).toContain('Allowed');
    expect(allowed.textContent).toContain('pypi.org:443');

    expect(refused.dataset.allowed).toBe('false');
    expect(refused.textContent).toContain('Run 2');
    expect(refused.textContent).toContain('Refused');
    expect(refused.textContent).toContain('GET');
    expect(refused.textContent).toContain('rebind.example.com:80');
    expect(refused.textContent).toContain('http://rebind.example.com/latest');
    expect(refused.textContent).toContain('resolves to 10.0.0.5, a private or reserved address');

    // A run the session does not list (yet) is named by its id's start.
    expect(other.textContent).toContain('r-unknow');
    expect(other.textContent).toContain('0 B sent');
    expect(other.textContent).toContain('1.4 MB received');
    expect(other.textContent).toContain('2.5 s');
    expect(screen.queryByTestId('network-empty')).toBeNull();
  });

  it('explains the network policy when no run has reached the network', () => {
    render(<NetworkPanel events={[]} runs={runs} />);
    expect(screen.getByTestId('network-empty').textContent).toBe(
      "No network access yet. Runs reach the network only as the project's or task's network policy allows.",
    );
    expect(screen.queryByTestId('network-row')).toBeNull();
  });

  it('says quietly that the list could not be read, instead of claiming there was no access', () => {
    render(<NetworkPanel events={[]} runs={runs} unavailable />);
    expect(screen.getByTestId('network-unavailable').textContent).toBe('Network activity could not be loaded.');
    expect(screen.queryByTestId('network-empty')).toBeNull();
  });

  it('closes from the keyboard-reachable close button, which names what it hides', () => {
    const onClose = vi.fn();
    render(<NetworkPanel events={[netEvent(1)]} runs={runs} onClose={onClose} />);
    const close = screen.getByRole('button', { name: 'Hide network activity (1 connection)' });
    fireEvent.click(close);
    expect(onClose).toHaveBeenCalledOnce();
    // The scrolling list takes focus, so it scrolls without a mouse.
    expect(screen.getByRole('region', { name: 'Network connections' }).tabIndex).toBe(0);
  });
});

describe('network helpers', () => {
  it('brackets IPv6 literals in host:port', () => {
    expect(hostPort({ host: '2001:db8::1', port: 443 })).toBe('[2001:db8::1]:443');
    expect(hostPort({ host: 'pypi.org', port: 443 })).toBe('pypi.org:443');
  });

  it('returns the same list when nothing is new', () => {
    const list = [netEvent(1), netEvent(2)];
    expect(mergeNetwork(list, [netEvent(2)])).toBe(list);
    expect(mergeNetwork(list, [netEvent(3)]).map((e) => e.id)).toEqual([1, 2, 3]);
  });
});
