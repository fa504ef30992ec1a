import { maskValue } from '../../ui/MaskedValue';

/**
 * A string1 with its jsapi_ticket masked unless revealed, and the characters a diff marked. The
 * ticket is one segment: a mark anywhere inside it marks the whole (masked) ticket.
 */
export function String1View({ text, revealed, marks = [], testId }: { text: string; revealed: boolean; marks?: [number, number][]; testId?: string }) {
  const ticketStart = text.startsWith('jsapi_ticket=') ? 'jsapi_ticket='.length : -1;
  const ticketEnd = ticketStart === -1 ? -1 : text.indexOf('&', ticketStart) === -1 ? text.length : text.indexOf('&', ticketStart);
  const marked = (i: number) => marks.some(([s, e]) => i >= s && i < e);
  const pieces: { text: string; mark: boolean; ticket: boolean }[] = [];
  const push = (piece: string, mark: boolean, ticket = false) => {
    const last = pieces[pieces.length - 1];
    if (last && last.mark === mark && !last.ticket && !ticket) last.text += piece;
    else pieces.push({ text: piece, mark, ticket });
  };
  for (let i = 0; i < text.length; i++) {
    if (!revealed && i === ticketStart) {
      let anyMark = false;
      for (let j = ticketStart; j < ticketEnd; j++) anyMark ||= marked(j);
      push(maskValue(text.slice(ticketStart, ticketEnd)), anyMark, true);
      i = ticketEnd - 1;
      continue;
    }
    push(text[i] ?? '', marked(i));
  }
  return (
    <code className="mono string1" data-testid={testId}>
      {pieces.map((p, i) =>
        p.mark ? (
          <mark key={i} className="diff-mark">
            {p.text}
          </mark>
        ) : (
          <span key={i} className={p.ticket ? 'masked-ticket' : undefined}>
            {p.text}
          </span>
        ),
      )}
    </code>
  );
}
