import { useId, type FormEvent } from 'react';
import type { Profile } from '../../../contract';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorView } from '../../ui/ErrorView';
import { RouteText } from '../../ui/RouteText';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useKept } from '../../ui/kept';
import { useT } from '../../i18n/I18nProvider';
import { WatermarkCheck } from './DecryptSection';

/** getPhoneNumber's code → wxa/business/getuserphonenumber → phone_info. */
export function PhoneSection({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  // Kept with the app; the answer is filed under the code and openid it was asked with.
  const [draft, setDraft] = useKept('mini.phone', profile.id, { code: '', openid: '' });
  const { code, openid } = draft;
  const setCode = (next: string) => setDraft({ ...draft, code: next });
  const setOpenid = (next: string) => setDraft({ ...draft, openid: next });
  const phone = useLongCall('phoneNumber', {
    owner: profile.id,
    input: { code: code.trim(), openid: openid.trim(), secret: useRevision(secretRevision(profile.id)) },
  });
  const info = phone.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return;
    const who = openid.trim();
    phone.run({ profileId: profile.id, code: code.trim(), ...(who === '' ? {} : { openid: who }) });
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('mini.phoneTitle')}
      </h2>
      <form className="row" onSubmit={submit}>
        <label htmlFor={`${ids}-code`}>{t('mini.phoneCode')}</label>
        <input
          id={`${ids}-code`}
          className="mono grow"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${ids}-help`}
          data-testid="phone-code"
        />
        <label htmlFor={`${ids}-openid`}>{t('mini.phoneOpenid')}</label>
        <input
          id={`${ids}-openid`}
          className="mono"
          value={openid}
          onChange={(e) => setOpenid(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          placeholder={t('common.optional')}
          data-testid="phone-openid"
        />
        <button type="submit" className="btn btn-primary" disabled={code.trim() === '' || phone.isPending} data-testid="get-phone">
          {phone.isPending ? <PendingLabel call={phone} label={t('mini.getPhone')} /> : t('mini.getPhone')}
        </button>
        <CallProgress call={phone} testId="get-phone" />
      </form>
      <p className="field-help" id={`${ids}-help`}>
        {t('mini.phoneHelp')}
      </p>
      {phone.error ? <ErrorView error={phone.error.error} /> : null}
      {info ? (
        <div className="result-card" data-testid="phone-result">
          <dl className="kv">
            <dt>phoneNumber</dt>
            <dd>
              <span className="id-value">
                <code className="mono" data-testid="phone-number">
                  {info.phoneNumber}
                </code>
                <CopyButton value={info.phoneNumber} />
              </span>
            </dd>
            <dt>purePhoneNumber</dt>
            <dd>
              <code className="mono">{info.purePhoneNumber}</code>
            </dd>
            <dt>countryCode</dt>
            <dd>
              <code className="mono">{info.countryCode}</code>
            </dd>
            <dt>{t('token.route')}</dt>
            <dd>
              <RouteText route={info.route} />
            </dd>
          </dl>
          <WatermarkCheck
            watermark={info.watermark}
            matches={info.watermark?.appid ? info.watermark.appid === profile.appid : null}
            appid={profile.appid}
          />
        </div>
      ) : null}
    </section>
  );
}
