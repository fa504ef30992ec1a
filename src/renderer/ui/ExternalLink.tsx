import type { ReactNode } from 'react';

/**
 * Only http(s) URLs become links. Electron's main process denies new windows and is expected to
 * hand http(s) URLs to the system browser; in web mode this is an ordinary new tab.
 */
export function ExternalLink({ href, children }: { href: string; children?: ReactNode }) {
  if (!/^https?:\/\//i.test(href)) return <span className="mono">{href}</span>;
  return (
    <a href={href} target="_blank" rel="noreferrer noopener" className="link">
      {children ?? href}
    </a>
  );
}
