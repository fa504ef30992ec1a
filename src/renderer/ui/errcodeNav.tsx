/**
 * Lets any error, wherever it is shown, open its errcode in the Errcode lookup page. App provides
 * the navigation; without a provider (a component rendered alone) the link is simply not shown.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider';

type OpenErrcode = (code: number) => void;

const ErrcodeNavContext = createContext<OpenErrcode | null>(null);

export function ErrcodeNavProvider({ open, children }: { open: OpenErrcode; children: ReactNode }) {
  return <ErrcodeNavContext.Provider value={open}>{children}</ErrcodeNavContext.Provider>;
}

export function ErrcodeLink({ code }: { code: number }) {
  const t = useT();
  const open = useContext(ErrcodeNavContext);
  if (!open) return null;
  return (
    <button type="button" className="btn-link" onClick={() => open(code)} data-testid="errcode-link">
      {t('diag.openErrcode', { code })}
    </button>
  );
}
