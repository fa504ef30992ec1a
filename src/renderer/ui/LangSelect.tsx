import { useId } from 'react';
import type { UserInfoLang } from '../../contract';
import { useT } from '../i18n/I18nProvider';

/**
 * The contract's userInfoLangs, written out (the renderer takes no runtime values from api.ts);
 * a Record, so a language added to the contract without a name here fails to compile.
 */
const langNames: Record<UserInfoLang, string> = { zh_CN: '简体中文', zh_TW: '繁體中文', en: 'English' };
const userInfoLangs = Object.keys(langNames) as UserInfoLang[];

/** The `lang` WeChat localizes country/province/city into. */
export function LangSelect({ value, onChange }: { value: UserInfoLang; onChange: (lang: UserInfoLang) => void }) {
  const t = useT();
  const id = useId();
  return (
    <span className="inline-field">
      <label htmlFor={id}>{t('userinfo.lang')}</label>
      <select id={id} className="select-compact" value={value} onChange={(e) => onChange(e.target.value as UserInfoLang)} data-testid="userinfo-lang">
        {userInfoLangs.map((l) => (
          <option key={l} value={l}>
            {l} · {langNames[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
