import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { Profile } from '../../../contract';
import { ErrorView } from '../../ui/ErrorView';
import { bridgeKey, useBridgeMutation } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';

/** The profile's autoRefresh flag: off unless the user turns it on; main does the refreshing. */
export function AutoRefreshToggle({ profile }: { profile: Profile }) {
  const t = useT();
  const id = useId();
  const queryClient = useQueryClient();
  const save = useBridgeMutation('saveProfile', {
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: bridgeKey('listProfiles', {}) });
    },
  });
  const toggle = (autoRefresh: boolean) =>
    save.mutate({
      id: profile.id,
      label: profile.label,
      appid: profile.appid,
      kind: profile.kind,
      domain: profile.domain,
      customBase: profile.customBase,
      proxy: profile.proxy,
      autoRefresh,
    });
  // While saving, show what was asked for; afterwards the profile list is the truth.
  const checked = save.isPending && save.variables ? save.variables.autoRefresh === true : profile.autoRefresh;
  return (
    <div className="auto-refresh">
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={save.isPending}
          onChange={(e) => toggle(e.target.checked)}
          aria-describedby={`${id}-help`}
          data-testid="auto-refresh"
        />
        {t('auto.label')}
      </label>
      <p className="field-help" id={`${id}-help`}>
        {t('auto.help')}
      </p>
      {save.error ? <ErrorView error={save.error.error} /> : null}
    </div>
  );
}
