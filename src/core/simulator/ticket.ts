/**
 * /cgi-bin/ticket/getticket: the JS-SDK's jsapi_ticket and the card API's wx_card ticket, each
 * fetched with a base access_token. A ticket lasts 7200 s; while one is valid the same ticket
 * comes back with the time it has left, so fetching it again changes nothing for pages signed
 * with it. The call counts against the app's daily quota, as WeChat warns.
 */
import { randomBytes } from 'node:crypto';
import { authed, type RouteDef } from './routes';
import { dailyLimit } from './state';
import { errmsgs } from './wxerrors';

export const ticketTypes = ['jsapi', 'wx_card'] as const;
export type TicketType = (typeof ticketTypes)[number];
export const TICKET_LIFETIME_S = 7200;

export interface IssuedTicket {
  ticket: string;
  appid: string;
  type: TicketType;
  issuedAt: number;
  expiresAt: number;
}

/** Shaped like real tickets: 86 URL-safe characters. */
const mintTicket = (): string => randomBytes(66).toString('base64url').slice(0, 86);

export class TicketBook {
  private readonly current = new Map<string, IssuedTicket>();

  constructor(private readonly now: () => number) {}

  /** The valid ticket of this type, or a new one when there is none. */
  take(appid: string, type: TicketType): IssuedTicket {
    const key = `${type}:${appid}`;
    const held = this.current.get(key);
    if (held && held.expiresAt > this.now()) return held;
    const issued: IssuedTicket = { ticket: mintTicket(), appid, type, issuedAt: this.now(), expiresAt: this.now() + TICKET_LIFETIME_S * 1000 };
    this.current.set(key, issued);
    return issued;
  }

  currentOf(appid: string, type: TicketType): IssuedTicket | undefined {
    const held = this.current.get(`${type}:${appid}`);
    return held && held.expiresAt > this.now() ? held : undefined;
  }

  /** Make the app's tickets (or every ticket) expire now. */
  expireAll(appid?: string): void {
    for (const t of this.current.values()) if (!appid || t.appid === appid) t.expiresAt = Math.min(t.expiresAt, this.now());
  }
}

const isTicketType = (value: unknown): value is TicketType => ticketTypes.includes(value as TicketType);

export function ticketRoutes(tickets: TicketBook): RouteDef[] {
  const getTicket = authed((req, ctx, token) => {
    const type = req.query.type;
    if (!isTicketType(type)) return ctx.error(40097, errmsgs.invalidParameter);
    const kind = ctx.apps.get(token.appid)?.kind ?? 'official-account';
    if (!ctx.quota.take(token.appid, '/cgi-bin/ticket/getticket', dailyLimit('/cgi-bin/ticket/getticket', kind))) {
      return ctx.error(45009, errmsgs.dailyQuota);
    }
    const issued = tickets.take(token.appid, type);
    return { errcode: 0, errmsg: 'ok', ticket: issued.ticket, expires_in: Math.max(1, Math.floor((issued.expiresAt - ctx.now()) / 1000)) };
  });
  return [{ method: 'GET', path: '/cgi-bin/ticket/getticket', handler: getTicket }];
}
