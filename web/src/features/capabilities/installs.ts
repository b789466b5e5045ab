// A user's installs of MCP servers, skills or plugins: the switch next to each item and the
// enable-all / disable-all buttons. An item the user never installed shows as off; switching it on
// creates the install.

import { useQuery } from '@tanstack/react-query';
import { capApi, capKeys, installTargetField, type Install, type InstallKind } from '../../api/capabilities';
import { useAction } from './parts';

export function useInstalls(kind: InstallKind) {
  const query = useQuery({ queryKey: capKeys.installs(kind), queryFn: () => capApi.installs(kind) });
  const act = useAction();
  const byTarget = new Map<number, Install>();
  for (const install of query.data ?? []) {
    const target = install[installTargetField[kind]];
    if (target != null) byTarget.set(target, install);
  }

  const isEnabled = (targetId: number) => byTarget.get(targetId)?.enabled ?? false;

  const toggle = (targetId: number, enabled: boolean) =>
    act(() => {
      const install = byTarget.get(targetId);
      return install ? capApi.setInstall(kind, install.id, enabled) : capApi.install(kind, targetId, enabled);
    });

  /** Switches every listed item: missing installs are created, the rest go through the bulk call. */
  const setAll = (targetIds: number[], enabled: boolean) =>
    act(async () => {
      if (enabled) {
        for (const id of targetIds) if (!byTarget.has(id)) await capApi.install(kind, id, true);
      }
      const ids = targetIds.flatMap((id) => {
        const install = byTarget.get(id);
        return install ? [install.id] : [];
      });
      if (ids.length) await capApi.bulkInstalls(kind, enabled, ids);
    });

  return { isEnabled, toggle, setAll, error: query.error };
}
