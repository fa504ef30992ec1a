import { useQueryClient } from '@tanstack/react-query';
import type { Profile } from '../../../contract';
import { bridgeKey, useBridgeMutation, useBridgeQuery } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { ErrorView } from '../../ui/ErrorView';

/**
 * What a new user sees with no apps yet: add their own, or load the simulator's demo apps and
 * try everything offline first.
 */
export function FirstRun({ onAdd, onLoaded }: { onAdd: () => void; onLoaded: (first: Profile | undefined) => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const status = useBridgeQuery('simulatorStatus', {});
  const load = useBridgeMutation('loadDemoApps', {
    onSuccess: async (loaded) => {
      await queryClient.invalidateQueries({ queryKey: bridgeKey('listProfiles', {}) });
      onLoaded(loaded.profiles[0]);
    },
    // Profiles may have been added before a keychain failure: show them either way.
    onError: () => void queryClient.invalidateQueries({ queryKey: bridgeKey('listProfiles', {}) }),
  });
  const running = status.data?.running === true;

  return (
    <section className="first-run" aria-labelledby="first-run-title" data-testid="first-run">
      <h1 id="first-run-title" className="page-title">
        {t('firstRun.title')}
      </h1>
      <p className="first-run-lead">{t('firstRun.lead')}</p>
      <div className="first-run-choices">
        <div className="first-run-choice">
          <button type="button" className="btn btn-primary" onClick={onAdd} data-testid="first-run-add">
            {t('firstRun.add')}
          </button>
          <p className="muted">{t('firstRun.addHelp')}</p>
        </div>
        <div className="first-run-choice">
          <button
            type="button"
            className="btn"
            onClick={() => load.mutate({})}
            disabled={!running || load.isPending}
            data-testid="first-run-try"
          >
            {load.isPending ? t('firstRun.loading') : t('firstRun.try')}
          </button>
          <p className="muted">
            {status.data && !running ? t('firstRun.noSimulator') : t('firstRun.tryHelp', { count: status.data?.demoApps.length ?? 0 })}
          </p>
        </div>
      </div>
      {load.error ? <ErrorView error={load.error.error} /> : null}
    </section>
  );
}
