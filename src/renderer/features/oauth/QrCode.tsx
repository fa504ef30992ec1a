import QRCode from 'qrcode/lib/core/qrcode.js';
import { useMemo } from 'react';
import { useT } from '../../i18n/I18nProvider';

const QUIET_ZONE = 4;

/**
 * The QR symbol as an SVG data: URL (the CSP allows data: images). Drawn from QRCode.create's
 * module matrix rather than toDataURL, which needs a <canvas> 2D context: this is synchronous and
 * renders the same in Electron, a browser and jsdom. Null when the text is too long for a QR code.
 */
export function qrDataUrl(text: string): string | null {
  let symbol: ReturnType<typeof QRCode.create>;
  try {
    symbol = QRCode.create(text, { errorCorrectionLevel: 'M' });
  } catch {
    try {
      symbol = QRCode.create(text, { errorCorrectionLevel: 'L' });
    } catch {
      return null;
    }
  }
  const { size, data } = symbol.modules;
  let path = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && data[row * size + col]) col++;
      path += `M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`;
    }
  }
  const dim = size + 2 * QUIET_ZONE;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}" shape-rendering="crispEdges">` +
    `<rect width="${dim}" height="${dim}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function QrCode({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const t = useT();
  const src = useMemo(() => qrDataUrl(text), [text]);
  if (!src) {
    return (
      <p className="field-problem" data-testid={testId ? `${testId}-too-long` : undefined}>
        {t('oauth.qrTooLong')}
      </p>
    );
  }
  return <img className="qr" src={src} alt={label} width={176} height={176} data-testid={testId} />;
}
