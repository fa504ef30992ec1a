import type { TokenLane, TokenStats } from '../../../contract';
import { formatRemaining } from '../../ui/Countdown';
import { useNow } from '../../ui/clock';
import { tokenLanes } from '../../data/contract';
import { formatTime } from '../../ui/format';
import { useI18n } from '../../i18n/I18nProvider';

/** The daily limit of a lane, or null for the stable lane (not limited per call). */
export const laneLimit = (stats: TokenStats, lane: TokenLane): number | null =>
  lane === 'classic' ? stats.classicDailyLimit : lane === 'stable-forced' ? stats.forcedDailyLimit : null;

/** When the next force_refresh is allowed: now, after the 30 s spacing, or not today. */
export function nextForced(stats: TokenStats, now: number): { state: 'now' } | { state: 'wait'; at: number } | { state: 'tomorrow' } {
  if (stats.fetches['stable-forced'] >= stats.forcedDailyLimit) return { state: 'tomorrow' };
  if (stats.nextForcedAllowedAt !== null && stats.nextForcedAllowedAt > now) return { state: 'wait', at: stats.nextForcedAllowedAt };
  return { state: 'now' };
}

/** "Today on this machine": token fetches per lane against WeChat's limits, counted locally. */
export function TokenStatsLine({ stats }: { stats: TokenStats }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const next = nextForced(stats, now);
  return (
    <div className="token-stats" data-testid="token-stats" title={stats.day}>
      <span className="muted">{t('stats.today')}</span>
      {tokenLanes.map((lane) => {
        const limit = laneLimit(stats, lane);
        const used = stats.fetches[lane];
        const full = limit !== null && used >= limit;
        return (
          <span key={lane} className={`stat${full ? ' stat-full' : ''}`} data-testid={`stat-${lane}`}>
            {t(`lane.${lane}`)}{' '}
            <span className="mono strong">{limit === null ? used : `${used}/${limit}`}</span>
          </span>
        );
      })}
      <span className="stat" data-testid="stat-next-forced">
        {t('stats.nextForced')}{' '}
        {next.state === 'now' ? (
          <span className="mono">{t('stats.allowedNow')}</span>
        ) : next.state === 'tomorrow' ? (
          <span className="mono stat-full">{t('stats.notToday')}</span>
        ) : (
          <span className="mono">
            {t('stats.allowedIn', { remaining: formatRemaining(next.at - now), at: formatTime(next.at, lang) })}
          </span>
        )}
      </span>
    </div>
  );
}

/** In the force_refresh confirmation: WeChat will refuse a call made too soon, so say so first. */
export function ForcedWaitNote({ stats }: { stats: TokenStats }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const next = nextForced(stats, now);
  if (next.state === 'now') return null;
  return (
    <p className="note note-warn" data-testid="confirm-wait">
      {next.state === 'tomorrow'
        ? t('token.confirmNotToday')
        : t('token.confirmWait', { remaining: formatRemaining(next.at - now), at: formatTime(next.at, lang) })}
    </p>
  );
}
