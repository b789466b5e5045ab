// Permission rules: allow / ask / deny in Claude Code's own syntax (Bash(npm test), Read(./.env),
// mcp__github__create_issue), for all sessions or for one project. The server refuses a rule that
// could never match and says how to write it; the dialog shows that message as it is.

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { capApi, capKeys, type PermissionRule, type RuleBehavior } from '../../api/capabilities';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { Badge, Field, FormDialog, ItemRow, Section, useConfirmDelete, useRefresh } from './parts';

const BEHAVIORS: RuleBehavior[] = ['deny', 'ask', 'allow'];

function RuleDialog({ projectId, onClose }: { projectId: string | null; onClose: () => void }) {
  const t = useT();
  const refresh = useRefresh();
  const [behavior, setBehavior] = useState<RuleBehavior>('ask');
  const [rule, setRule] = useState('');

  const save = async () => {
    await capApi.createPermissionRule({ behavior, rule: rule.trim(), project_id: projectId });
    await refresh();
  };

  return (
    <FormDialog title={t('perm.new')} onSubmit={save} onClose={onClose} canSubmit={!!rule.trim()}>
      <Field label={t('perm.behavior')}>
        <select className="input" value={behavior} onChange={(e) => setBehavior(e.target.value as RuleBehavior)} data-testid="perm-behavior">
          {BEHAVIORS.map((b) => (
            <option key={b} value={b}>
              {t(`perm.behavior.${b}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('perm.rule')} hint={t('perm.ruleHint')}>
        <input
          className="input cap-mono"
          value={rule}
          onChange={(e) => setRule(e.target.value)}
          placeholder="Bash(npm run test:*)"
          spellCheck={false}
          autoCapitalize="off"
          data-testid="perm-rule"
        />
      </Field>
    </FormDialog>
  );
}

export function Permissions() {
  const t = useT();
  const [projectId, setProjectId] = useState<string | null>(null);
  const projects = useQuery({ queryKey: keys.projects, queryFn: async () => (await api.projects()) ?? [] });
  const query = useQuery({ queryKey: capKeys.permissionRules(projectId), queryFn: () => capApi.permissionRules(projectId) });
  const confirm = useConfirmDelete();
  const [creating, setCreating] = useState(false);
  const rules = query.data ?? [];
  const projectName = (id: string) => projects.data?.find((p) => p.project_id === id)?.name ?? id;
  const scope = (r: PermissionRule) => (r.project_id ? t('perm.inProject', { name: projectName(r.project_id) }) : t('perm.everywhere'));

  return (
    <>
      <Section
        title={t('cap.view.permissions')}
        hint={t('perm.hint')}
        loading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        empty={rules.length === 0 ? t('perm.empty') : null}
        actions={
          <>
            <select
              className="input input-small"
              aria-label={t('perm.scope')}
              value={projectId ?? ''}
              onChange={(e) => setProjectId(e.target.value || null)}
              data-testid="perm-scope"
            >
              <option value="">{t('perm.everywhere')}</option>
              {(projects.data ?? []).map((p) => (
                <option key={p.project_id} value={p.project_id}>
                  {p.name}
                </option>
              ))}
            </select>
            <button type="button" className="btn btn-primary btn-small" onClick={() => setCreating(true)} data-testid="cap-create">
              <Icon name="plus" size={14} /> {t('perm.new')}
            </button>
          </>
        }
      >
        <ul className="cap-list">
          {rules.map((r) => (
            <ItemRow
              key={r.id}
              name={r.rule}
              badges={<Badge tone={r.behavior === 'allow' ? 'ok' : undefined}>{t(`perm.behavior.${r.behavior}`)}</Badge>}
              description={scope(r)}
              onDelete={() => confirm.ask(r.rule, () => capApi.deletePermissionRule(r.id))}
            />
          ))}
        </ul>
      </Section>
      {creating && <RuleDialog projectId={projectId} onClose={() => setCreating(false)} />}
      {confirm.dialog}
    </>
  );
}
