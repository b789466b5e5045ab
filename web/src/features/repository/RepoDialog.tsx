// The composer's GitHub repository dialog (poco's repo dialog): the repository a new task clones into its
// workspace, the branch, and which of the user's secrets holds a token for a private one (poco's
// `git_token_env_key`: the name only; the value never leaves the server). Loaded on demand.

import '../capabilities/Capabilities.css';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { capApi, capKeys } from '../../api/capabilities';
import { useT } from '../../i18n';
import { paths } from '../../routes';
import { Field, FormDialog } from '../capabilities/parts';
import { isRepoUrl, type RepoChoice } from '../composer/modes';

interface Props {
  value: RepoChoice | null;
  onSave: (value: RepoChoice | null) => void;
  onClose: () => void;
}

export default function RepoDialog({ value, onSave, onClose }: Props) {
  const t = useT();
  const [url, setUrl] = useState(value?.url ?? '');
  const [branch, setBranch] = useState(value?.branch ?? 'main');
  const [token, setToken] = useState(value?.tokenEnvKey ?? '');
  const secrets = useQuery({ queryKey: capKeys.envVars, queryFn: capApi.envVars });
  const keys = [...new Set((secrets.data ?? []).map((s) => s.key))].sort();
  if (token && !keys.includes(token)) keys.unshift(token);
  const valid = isRepoUrl(url);

  return (
    <FormDialog
      title={t('repo.title')}
      submitLabel={t('repo.use')}
      canSubmit={valid}
      testId="repo-dialog"
      onClose={onClose}
      onSubmit={async () => onSave({ url: url.trim(), branch: branch.trim() || 'main', tokenEnvKey: token || null })}
    >
      <Field label={t('repo.url')} hint={url.trim() && !valid ? <span role="alert">{t('repo.urlInvalid')}</span> : t('repo.urlHint')}>
        <input
          className="input"
          type="url"
          inputMode="url"
          placeholder="https://github.com/owner/repo"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={url.trim() !== '' && !valid}
          data-testid="repo-url"
        />
      </Field>
      <Field label={t('repo.branch')}>
        <input className="input" value={branch} onChange={(e) => setBranch(e.target.value)} spellCheck={false} data-testid="repo-branch" />
      </Field>
      <Field
        label={t('repo.token')}
        hint={
          <>
            {t('repo.tokenHint')} <Link to={paths.capabilities('secrets')}>{t('repo.manageSecrets')}</Link>
          </>
        }
      >
        <select className="input" value={token} onChange={(e) => setToken(e.target.value)} data-testid="repo-token">
          <option value="">{t('repo.noToken')}</option>
          {keys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </Field>
      {value && (
        <button
          type="button"
          className="btn btn-small"
          data-testid="repo-clear"
          onClick={() => {
            onSave(null);
            onClose();
          }}
        >
          {t('repo.clear')}
        </button>
      )}
    </FormDialog>
  );
}
