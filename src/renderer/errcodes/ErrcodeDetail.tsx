import type { ErrcodeEntry } from '../../shared/errcodes/types';
import { CopyButton } from '../common/CopyButton';
import { pick } from '../common/ErrorView';
import { ExternalLink } from '../common/ExternalLink';
import { useI18n } from '../i18n/I18nProvider';

const copyText = (entry: ErrcodeEntry) => [`errcode ${entry.code}`, entry.zh, entry.en].filter(Boolean).join(' · ');

/** Everything the table knows about one errcode, both languages side by side. */
export function ErrcodeDetail({ entry }: { entry: ErrcodeEntry }) {
  const { t, lang } = useI18n();
  return (
    <article className="errcode-detail" data-testid="errcode-detail" aria-labelledby="errcode-detail-title">
      <header className="page-header">
        <h2 className="errcode-code mono" id="errcode-detail-title">
          {entry.code}
        </h2>
        <span className="badge">{t(`category.${entry.category}`)}</span>
        <CopyButton value={copyText(entry)} testId="errcode-copy" />
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
            <dd>{pick(entry.cause, lang)}</dd>
          </>
        ) : null}
        {entry.fix ? (
          <>
            <dt>{t('error.fix')}</dt>
            <dd>{pick(entry.fix, lang)}</dd>
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
          <p>{pick(entry.conflict, lang)}</p>
        </aside>
      ) : null}
    </article>
  );
}
