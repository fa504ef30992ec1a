/**
 * The JS-SDK lab: the app's jsapi_ticket and card api_ticket, signatures built exactly as WeChat
 * checks them, and the diagnosis of a page whose wx.config says "invalid signature".
 */
import { createHmac } from 'node:crypto';
import { jssdkKinds, type Profile, type TicketInfo, type TicketType } from '../../contract';
import { validationError } from '../../contract/errors';
import type { FeatureHandlers } from '../../contract/schema';
import { diagnose } from '../jssdk/diagnose';
import { parsePasted } from '../jssdk/pasted';
import { cardSign, configSnippet, jssdkSign, withoutFragment } from '../jssdk/sign';
import type { FetchedTicket } from '../jssdk/ticketService';
import type { AppTarget } from '../wechat/types';
import type { HandlerContext } from './context';
import { boundSecret } from '../keychain/secretBinding';

const kindWhy: Record<Profile['kind'], string> = {
  'official-account': '',
  'test-account': '',
  'mini-program': 'A 小程序 has no JS-SDK: wx.config and jsapi_ticket belong to 公众号 web pages (mini-programs call wx.* directly).',
  'website-app': 'A 网站应用 (open platform) has no JS-SDK: it only does QR-code login. Use the 公众号 whose pages call wx.config.',
};

/**
 * Which credential a cached ticket belongs to: a keyed hash of the secret, so a replaced secret
 * never gets the old secret's ticket. The key is bound to the base and appid, and the secret
 * (128 random bits) cannot be recovered from it.
 */
export const credentialFingerprint = (target: Pick<AppTarget, 'apiBase' | 'appid'>, secret: string): string =>
  createHmac('sha256', `wxcred ticket credential\0${target.apiBase}\0${target.appid}`).update(secret).digest('hex').slice(0, 32);

const ticketInfo = (profile: Profile, t: FetchedTicket): TicketInfo => ({
  profileId: profile.id,
  appid: profile.appid,
  type: t.type,
  ticket: t.ticket,
  expiresIn: t.expiresIn,
  expiresAt: t.expiresAt,
  fetchedAt: t.fetchedAt,
  fromCache: t.fromCache,
  apiBase: t.apiBase,
  route: t.route,
});

export function createJssdkHandlers(ctx: HandlerContext): FeatureHandlers<'jssdk'> {
  const { tickets } = ctx;

  async function jssdkProfile(profileId: string): Promise<Profile> {
    const profile = await ctx.profileOrThrow(profileId);
    if (!jssdkKinds.includes(profile.kind)) throw validationError(kindWhy[profile.kind], 'profileId');
    return profile;
  }

  /** One keychain read gives both the fingerprint and, on a miss, the secret for the token. */
  async function ticketOf(profile: Profile, type: TicketType): Promise<{ target: AppTarget; credential: string; ticket: FetchedTicket }> {
    const target = ctx.targetOf(profile);
    const secret = await ctx.secretLoader(profile)();
    const credential = credentialFingerprint(target, secret);
    const ticket = await tickets.get(target, type, credential, async () => secret);
    return { target, credential, ticket };
  }

  async function ticketText(source: { profileId?: string; ticket?: string }, type: TicketType): Promise<{ ticket: string; appId: string | null }> {
    if (source.ticket !== undefined) return { ticket: source.ticket, appId: null };
    const profile = await jssdkProfile(source.profileId ?? '');
    return { ticket: (await ticketOf(profile, type)).ticket.ticket, appId: profile.appid };
  }

  return {
    async getTicket({ profileId, type }) {
      const profile = await jssdkProfile(profileId);
      return ticketInfo(profile, (await ticketOf(profile, type)).ticket);
    },
    async cachedTicket({ profileId, type }) {
      const profile = await jssdkProfile(profileId);
      const target = ctx.targetOf(profile);
      // No ticket is shown for an app without its secret, nor for another secret than the stored one.
      const bound = await boundSecret(ctx.secrets, profile);
      if (bound.state !== 'stored') return null;
      const ticket = await tickets.peek(target, type, credentialFingerprint(target, bound.secret));
      return ticket ? ticketInfo(profile, ticket) : null;
    },
    async jssdkSign({ profileId, ticket, url, noncestr, timestamp }) {
      const source = await ticketText({ profileId, ticket }, 'jsapi');
      const signed = withoutFragment(url);
      const { string1, signature } = jssdkSign({ ticket: source.ticket, noncestr, timestamp, url: signed });
      return {
        url: signed,
        noncestr,
        timestamp,
        string1,
        signature,
        appId: source.appId,
        configSnippet: configSnippet(source.appId, { noncestr, timestamp }, signature),
      };
    },
    async cardSign({ profileId, ticket, kind, ...fields }) {
      const source = await ticketText({ profileId, ticket }, 'wx_card');
      const appId = source.appId ?? fields.appId;
      return { kind, ...cardSign(kind, { ...fields, appId, ticket: source.ticket }) };
    },
    async jssdkDiagnose(request) {
      const pasted = request.pasted !== undefined ? parsePasted(request.pasted) : { nonceKeyMisspelt: false };
      const timestamp = request.timestamp ?? pasted.timestamp;
      const nonceStr = request.nonceStr ?? pasted.nonceStr;
      const signature = request.signature ?? pasted.signature;
      const appId = request.appId ?? pasted.appId;
      if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp.trim())) {
        throw validationError('Give the timestamp the page passed to wx.config (paste its config, or fill the field).', 'timestamp');
      }
      if (nonceStr === undefined) throw validationError('Give the nonceStr the page passed to wx.config.', 'nonceStr');
      if (signature === undefined || signature.trim() === '') throw validationError('Give the signature the page passed to wx.config.', 'signature');

      let tickets: Parameters<typeof diagnose>[0]['tickets'];
      let expectedAppId: string | null = null;
      if (request.ticket !== undefined) {
        tickets = { current: request.ticket, previous: null, others: [] };
      } else {
        const profile = await jssdkProfile(request.profileId ?? '');
        const { target, credential, ticket } = await ticketOf(profile, 'jsapi');
        expectedAppId = profile.appid;
        tickets = {
          current: ticket.ticket,
          previous: ctx.tickets.previous(target, 'jsapi', credential),
          others: ctx.tickets.others(target, 'jsapi'),
        };
      }
      return diagnose({
        url: request.url,
        landingUrl: request.landingUrl,
        appId,
        expectedAppId,
        timestamp: timestamp.trim(),
        nonceStr,
        signature,
        string1: request.string1,
        registeredDomain: request.registeredDomain,
        nonceKeyMisspelt: request.nonceStr === undefined && pasted.nonceKeyMisspelt,
        tickets,
      });
    },
  };
}
