/**
 * /cgi-bin/ticket/getticket as WeChat answers it: type=jsapi or wx_card, with a valid
 * access_token of a 公众号 or 测试号. The same ticket comes back for its whole 7200 s (WeChat
 * hands out the next one only in the last 5 minutes), so a client that asks twice gets the same one.
 */
import { randomBytes } from 'node:crypto';
import type { FakeContext, RouteHandler } from './context';
import { authed, type RouteDef } from './routes';
import { errmsgs } from './wxerrors';

export type FakeTicketType = 'jsapi' | 'wx_card';
export const TICKET_LIFETIME_S = 7200;

export interface IssuedTicket {
  ticket: string;
  appid: string;
  type: FakeTicketType;
  issuedAt: number;
  expiresAt: number;
}

export interface TicketFake {
  routes: RouteDef[];
  /** The current ticket, if one is live. */
  currentOf(appid: string, type: FakeTicketType): IssuedTicket | undefined;
  /** Rotate now: what WeChat does when a ticket runs out. */
  issue(appid: string, type: FakeTicketType): IssuedTicket;
}

/** Shaped like WeChat's: 86 URL-safe characters (the 附录1 example is one). */
const mintTicket = (): string => randomBytes(66).toString('base64url').slice(0, 86);

export function createTicketFake(ctx: FakeContext): TicketFake {
  const current = new Map<string, IssuedTicket>();
  const key = (appid: string, type: FakeTicketType) => `${type}:${appid}`;

  const issue = (appid: string, type: FakeTicketType): IssuedTicket => {
    const now = ctx.now();
    const ticket = { ticket: mintTicket(), appid, type, issuedAt: now, expiresAt: now + TICKET_LIFETIME_S * 1000 };
    current.set(key(appid, type), ticket);
    return ticket;
  };
  const currentOf = (appid: string, type: FakeTicketType) => {
    const t = current.get(key(appid, type));
    return t && t.expiresAt > ctx.now() ? t : undefined;
  };

  const getTicket: RouteHandler = authed((req, _ctx, token) => {
    const type = req.query.type;
    if (type !== 'jsapi' && type !== 'wx_card') return ctx.error(40097, errmsgs.invalidParameter);
    const kind = ctx.apps.get(token.appid)?.kind ?? 'official-account';
    if (kind !== 'official-account' && kind !== 'test-account') return ctx.error(48001, 'api unauthorized');
    if (!ctx.quota.take(token.appid, `/cgi-bin/ticket/getticket#${type}`, 100_000)) return ctx.error(45009, errmsgs.dailyQuota);
    const live = currentOf(token.appid, type);
    // In its last 5 minutes the next ticket is handed out, as WeChat does for stable tokens.
    const fresh = !live || live.expiresAt - ctx.now() < 5 * 60_000;
    const ticket = fresh ? issue(token.appid, type) : live;
    return {
      errcode: 0,
      errmsg: 'ok',
      ticket: ticket.ticket,
      // A ticket issued by this very call has its whole lifetime, whatever the clock did meanwhile.
      expires_in: fresh ? TICKET_LIFETIME_S : Math.max(1, Math.floor((ticket.expiresAt - ctx.now()) / 1000)),
    };
  });

  return { routes: [{ method: 'GET', path: '/cgi-bin/ticket/getticket', handler: getTicket }], currentOf, issue };
}
