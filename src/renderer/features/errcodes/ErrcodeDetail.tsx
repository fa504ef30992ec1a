import { useState } from 'react';
import type { Bilingual, ErrcodeEntry } from '../../../contract/errcodes';
import { CopyButton } from '../../ui/CopyButton';
import { pick } from '../../ui/ErrorView';
import { ExternalLink } from '../../ui/ExternalLink';
import { useI18n } from '../../i18n/I18nProvider';

const copyText = (entry: ErrcodeEntry) => [`errcode ${entry.code}`, entry.zh, entry.en].filter(Boolean).join(' · ');

/** wxcred's guidance in the UI language, or both (the UI language first) when asked. */
function Guidance({ text, both }: { text: Bilingual; both: boolean }) {
  const { lang } = useI18n();
  if (!both) return <>{pick(text, lang)}</>;
  const order = lang === 'zh-CN' ? (['zh', 'en'] as const) : (['en', 'zh'] as const);
  return (
    <>
      {order.map((l) => (
        <span key={l} lang={l === 'zh' ? 'zh-CN' : 'en'} className="bilingual-line">
          {text[l]}
        </span>
      ))}
    </>
  );
}

/** Everything the table knows about one errcode, both languages side by side. */
export function ErrcodeDetail({ entry }: { entry: ErrcodeEntry }) {
  const { t } = useI18n();
  const [both, setBoth] = useState(false);
  const hasGuidance = Boolean(entry.cause ?? entry.fix ?? entry.conflict);
  return (
    <article className="errcode-detail" data-testid="errcode-detail" aria-labelledby="errcode-detail-title">
      <header className="page-header">
        <h2 className="errcode-code mono" id="errcode-detail-title">
          {entry.code}
        </h2>
        <span className="badge">{t(`category.${entry.category}`)}</span>
        <CopyButton value={copyText(entry)} testId="errcode-copy" />
        {hasGuidance ? (
          <label className="check small">
            <input type="checkbox" checked={both} onChange={(e) => setBoth(e.target.checked)} data-testid="errcode-both" />
            {t('errcodes.showBoth')}
          </label>
        ) : null}
      </header>
      <dl className="kv">
        <dt>{t('errcodes.zh')}</dt>
        <dd lang="zh-CN">
          {entry.zh ?? (
            <span className="muted" data-testid="errcode-zh-missing">
              {t('errcodes.zhMissing')}
            </span>
          )}
        </dd>
        <dt>{t('errcodes.en')}</dt>
        <dd lang="en">
          {entry.en} <span className="muted">({t(`enSource.${entry.enSource}`)})</span>
        </dd>
        <dt>{t('errcodes.category')}</dt>
        <dd>{t(`category.${entry.category}`)}</dd>
        {entry.cause ? (
          <>
            <dt>{t('error.cause')}</dt>
            <dd data-testid="errcode-cause">
              <Guidance text={entry.cause} both={both} />
            </dd>
          </>
        ) : null}
        {entry.fix ? (
          <>
            <dt>{t('error.fix')}</dt>
            <dd data-testid="errcode-fix">
              <Guidance text={entry.fix} both={both} />
            </dd>
          </>
        ) : null}
        {entry.docUrl ? (
          <>
            <dt>{t('errcodes.doc')}</dt>
            <dd>
              <ExternalLink href={entry.docUrl} />
            </dd>
          </>
        ) : null}
      </dl>
      {entry.conflict ? (
        <aside className="note note-warn" data-testid="errcode-conflict">
          <strong>{t('errcodes.conflict')}</strong>
          <p>
            <Guidance text={entry.conflict} both={both} />
          </p>
        </aside>
      ) : null}
    </article>
  );
}
