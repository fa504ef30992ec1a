import { useId, type ReactNode } from 'react';
import type { UserProfile } from '../../contract';
import { useI18n, useT } from '../i18n/I18nProvider';
import { CopyButton } from './CopyButton';
import { RouteText } from './RouteText';
import { formatDateTime } from './format';

/** The only image hosts the CSP (img-src) allows, and the only ones WeChat serves avatars from. */
const AVATAR_HOSTS = ['thirdwx.qlogo.cn', 'wx.qlogo.cn'];

/** The avatar URL if it may be loaded: https on a WeChat avatar host; anything else is null. */
export function safeAvatarUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && AVATAR_HOSTS.includes(parsed.hostname) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A field WeChat left out (null) says so; an empty string says it was sent empty. Never blank. */
export function Missing({ empty = false }: { empty?: boolean }) {
  const t = useT();
  return <span className="muted not-returned">{empty ? t('profileCard.empty') : t('data.notReturned')}</span>;
}

export function TextValue({ value }: { value: string | null }) {
  if (value === null) return <Missing />;
  if (value === '') return <Missing empty />;
  return <>{value}</>;
}

/** An identifier: monospace, copyable; "not returned" when null. */
export function IdValue({ value, testId }: { value: string | null; testId?: string }) {
  if (value === null) return <Missing />;
  return (
    <span className="id-value">
      <code className="mono" data-testid={testId}>
        {value}
      </code>
      <CopyButton value={value} />
    </span>
  );
}

function Row({ label, children, name }: { label: string; children: ReactNode; name: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={`profile-${name}`}>{children}</dd>
    </>
  );
}

function Avatar({ url, nickname }: { url: string | null; nickname: string | null }) {
  const t = useT();
  const safe = safeAvatarUrl(url);
  if (safe) {
    return (
      <img
        className="avatar"
        src={safe}
        alt={t('profileCard.avatarAlt', { name: nickname ?? '' })}
        referrerPolicy="no-referrer"
        width={64}
        height={64}
        data-testid="profile-avatar"
      />
    );
  }
  return (
    <div
      className="avatar avatar-placeholder"
      role="img"
      aria-label={url ? t('profileCard.avatarRefused') : t('profileCard.noAvatar')}
      title={url ? t('profileCard.avatarRefused') : undefined}
      data-testid="profile-avatar-placeholder"
    >
      ?
    </div>
  );
}

function sexText(sex: number | null, t: ReturnType<typeof useT>): ReactNode {
  if (sex === null) return <Missing />;
  if (sex === 1) return t('sex.1');
  if (sex === 2) return t('sex.2');
  if (sex === 0) return t('sex.0');
  return String(sex);
}

/**
 * One user, from sns/userinfo (网页授权) or cgi-bin/user/info (公众号 user management), with the
 * raw JSON beside it. Every field is shown: one WeChat left out reads "not returned".
 */
export function ProfileCard({ profile }: { profile: UserProfile }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const fromUserManagement = profile.source === 'cgi-user-info';
  return (
    <section className="profile-card" data-testid="profile-card" data-source={profile.source} aria-labelledby={`${ids}-name`}>
      <div className="profile-main">
        <div className="profile-head">
          <Avatar url={profile.headimgurl} nickname={profile.nickname} />
          <div>
            <h3 className="profile-name" id={`${ids}-name`} data-testid="profile-nickname">
              <TextValue value={profile.nickname} />
            </h3>
            <span className="badge">{t(`profileSource.${profile.source}`)}</span>
            {profile.isSnapshotUser ? (
              <span className="badge badge-warn" data-testid="profile-snapshot-badge">
                {t('snapshot.badge')}
              </span>
            ) : null}
          </div>
        </div>
        <dl className="kv">
          <Row label="openid" name="openid">
            <IdValue value={profile.openid} />
          </Row>
          <Row label="unionid" name="unionid">
            <IdValue value={profile.unionid} />
          </Row>
          <Row label={t('profileCard.sex')} name="sex">
            {sexText(profile.sex, t)}
          </Row>
          <Row label={t('profileCard.country')} name="country">
            <TextValue value={profile.country} />
          </Row>
          <Row label={t('profileCard.province')} name="province">
            <TextValue value={profile.province} />
          </Row>
          <Row label={t('profileCard.city')} name="city">
            <TextValue value={profile.city} />
          </Row>
          <Row label={t('profileCard.avatarUrl')} name="headimgurl">
            {profile.headimgurl ? (
              <>
                <code className="mono wrap">{profile.headimgurl}</code>
                {safeAvatarUrl(profile.headimgurl) ? null : (
                  <span className="field-problem" data-testid="profile-avatar-refused">
                    {t('profileCard.avatarRefused')}
                  </span>
                )}
              </>
            ) : (
              <TextValue value={profile.headimgurl} />
            )}
          </Row>
          {fromUserManagement ? null : (
            <Row label="privilege" name="privilege">
              {profile.privilege === null ? (
                <Missing />
              ) : profile.privilege.length === 0 ? (
                <span className="muted">{t('profileCard.none')}</span>
              ) : (
                <code className="mono">{profile.privilege.join(', ')}</code>
              )}
            </Row>
          )}
          {fromUserManagement ? null : (
            <Row label="is_snapshotuser" name="snapshot">
              {profile.isSnapshotUser === null ? <Missing /> : profile.isSnapshotUser ? t('snapshot.yes') : t('data.no')}
            </Row>
          )}
          {fromUserManagement ? (
            <>
              <Row label={t('profileCard.subscribe')} name="subscribe">
                {profile.subscribe === null ? (
                  <Missing />
                ) : profile.subscribe === 1 ? (
                  t('profileCard.subscribed')
                ) : (
                  t('profileCard.notSubscribed')
                )}
              </Row>
              <Row label={t('profileCard.subscribeTime')} name="subscribe-time">
                {profile.subscribeTime === null ? <Missing /> : formatDateTime(profile.subscribeTime * 1000, lang)}
              </Row>
              <Row label={t('profileCard.subscribeScene')} name="subscribe-scene">
                {profile.subscribeScene === null ? <Missing /> : <code className="mono">{profile.subscribeScene}</code>}
              </Row>
              <Row label={t('profileCard.tags')} name="tags">
                {profile.tagIds === null ? (
                  <Missing />
                ) : profile.tagIds.length === 0 ? (
                  <span className="muted">{t('profileCard.none')}</span>
                ) : (
                  <code className="mono">{profile.tagIds.join(', ')}</code>
                )}
              </Row>
              <Row label={t('profileCard.remark')} name="remark">
                <TextValue value={profile.remark} />
              </Row>
              <Row label={t('profileCard.language')} name="language">
                <TextValue value={profile.language} />
              </Row>
            </>
          ) : null}
          <Row label={t('token.route')} name="route">
            <RouteText route={profile.route} />
          </Row>
        </dl>
        {fromUserManagement && profile.subscribe === 0 ? <p className="field-help">{t('profileCard.unsubscribedNote')}</p> : null}
        {profile.unionid === null && !profile.isSnapshotUser ? (
          <p className="field-help" data-testid="unionid-why">
            unionid: {t('unionid.missing.unbound')}
          </p>
        ) : null}
        {profile.isSnapshotUser ? <SnapshotNote /> : null}
      </div>
      <RawJson value={profile.raw} />
    </section>
  );
}

/** What is_snapshotuser = 1 means, from WeChat's 2022 announcement on 网页授权 快照页模式. */
export function SnapshotNote() {
  const t = useT();
  return (
    <aside className="note note-warn" data-testid="snapshot-note">
      <strong>{t('snapshot.title')}</strong>
      <p>{t('snapshot.body')}</p>
    </aside>
  );
}

/** The JSON exactly as WeChat sent it, collapsible. */
export function RawJson({ value, testId = 'raw-json' }: { value: unknown; testId?: string }) {
  const t = useT();
  const json = JSON.stringify(value, null, 2);
  return (
    <details className="raw-json" open>
      <summary>{t('data.rawJson')}</summary>
      <div className="raw-json-tools">
        <CopyButton value={json} />
      </div>
      <pre className="mono" data-testid={testId}>
        {json}
      </pre>
    </details>
  );
}
