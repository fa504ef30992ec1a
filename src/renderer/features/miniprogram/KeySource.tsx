import { useId } from 'react';
import type { MiniSession } from '../../../contract';
import { useT } from '../../i18n/I18nProvider';

export type KeySourceKind = 'session' | 'key';

export interface KeySourceState {
  kind: KeySourceKind;
  /** A session_key pasted by the user; sent as typed, never stored beyond this component tree. */
  pastedKey: string;
}

/** What the decrypt and signature channels take: a login held in main, or a pasted key — never both. */
export function keyFields(source: KeySourceState, session: MiniSession | null): { sessionId: string } | { sessionKey: string } | null {
  if (source.kind === 'session') return session ? { sessionId: session.id } : null;
  const key = source.pastedKey.trim();
  return key === '' ? null : { sessionKey: key };
}

export function KeySourcePicker({
  session,
  value,
  onChange,
}: {
  session: MiniSession | null;
  value: KeySourceState;
  onChange: (next: KeySourceState) => void;
}) {
  const t = useT();
  const ids = useId();
  return (
    <fieldset className="key-source">
      <legend>{t('mini.keySource')}</legend>
      <label className="radio">
        <input
          type="radio"
          name={`${ids}-source`}
          checked={value.kind === 'session'}
          disabled={!session}
          onChange={() => onChange({ ...value, kind: 'session' })}
          data-testid="key-source-session"
        />
        {session ? t('mini.keyFromLogin', { openid: session.openid }) : t('mini.keyFromLoginNone')}
      </label>
      <label className="radio">
        <input
          type="radio"
          name={`${ids}-source`}
          checked={value.kind === 'key'}
          onChange={() => onChange({ ...value, kind: 'key' })}
          data-testid="key-source-key"
        />
        {t('mini.keyPasted')}
      </label>
      {value.kind === 'key' ? (
        <input
          className="mono grow"
          type="password"
          aria-label="session_key"
          value={value.pastedKey}
          onChange={(e) => onChange({ ...value, pastedKey: e.target.value })}
          placeholder="session_key (base64)"
          spellCheck={false}
          autoComplete="off"
          data-testid="pasted-session-key"
        />
      ) : null}
    </fieldset>
  );
}
