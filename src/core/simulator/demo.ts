/**
 * The simulator's demo apps: each a fixed, obviously fake appid ("wx0000de…") and a secret that
 * says it is fake, showing one real situation. They are the same everywhere (`wxcred simulator`,
 * `npm run demo`, "Try the simulator"), so a developer's own tests can rely on them.
 */
import type { FakeApp, FakeAppKind, Situation } from './state';

export interface DemoApp extends FakeApp {
  kind: FakeAppKind;
  /** The profile label wxcred gives it. */
  label: string;
  /** What it shows, in a sentence (English and Chinese). */
  shows: { en: string; zh: string };
}

const fakeSecret = (n: string): string => `FAKE-SIMULATOR-SECRET-${n}-not-a-real-appsecret`;

const demo = (n: string, kind: FakeAppKind, label: string, shows: DemoApp['shows'], situation?: Situation): DemoApp => ({
  appid: `wx0000de00000000${n}`,
  secret: fakeSecret(n),
  kind,
  label,
  shows,
  ...(situation ? { situation } : {}),
});

export const DEMO_APPS: readonly DemoApp[] = [
  demo('01', 'official-account', 'Sim · 公众号', { en: 'a healthy 公众号: tokens, 网页授权, user info', zh: '正常的公众号：access_token、网页授权、用户信息' }),
  demo('02', 'mini-program', 'Sim · 小程序', { en: 'a 小程序: jscode2session, phone number, quota', zh: '小程序：jscode2session、手机号、接口额度' }),
  demo('03', 'website-app', 'Sim · 网站应用', { en: 'a 网站应用: QR login (qrconnect), codes live 10 minutes', zh: '网站应用：扫码登录（qrconnect），code 有效 10 分钟' }),
  demo('04', 'test-account', 'Sim · 测试号', { en: 'a 测试号: 200 classic tokens a day', zh: '测试号：普通 access_token 每天 200 次' }),
  demo('05', 'official-account', 'Sim · 40164 IP not whitelisted', { en: '40164: the caller IP is not whitelisted (IPv4, written IPv4-mapped too)', zh: '40164：调用 IP 不在白名单（IPv4，附 IPv4 映射写法）' }, { kind: 'ipNotWhitelisted', ip: '203.0.113.7' }),
  demo('06', 'official-account', 'Sim · 40164 over IPv6', { en: '40164 from a native IPv6 address', zh: '40164：原生 IPv6 地址' }, { kind: 'ipNotWhitelisted', ip: '2001:db8::7' }),
  demo('07', 'official-account', 'Sim · 61004 IP not registered', { en: '61004: the client IP is not registered', zh: '61004：调用 IP 未登记' }, { kind: 'clientIpNotRegistered', ip: '203.0.113.8' }),
  demo('08', 'official-account', 'Sim · -1 busy, then ok', { en: 'a busy backend: -1 twice, then an answer', zh: '繁忙：先两次 -1，然后成功' }, { kind: 'busy', failures: 2 }),
  demo('09', 'official-account', 'Sim · 45009 quota spent', { en: '45009: today\'s quota is spent (clear_quota ends it)', zh: '45009：今日额度用尽（clear_quota 可清零）' }, { kind: 'quotaExhausted' }),
  demo('0a', 'official-account', 'Sim · 502 from a gateway', { en: 'an HTML 502 page from a gateway instead of JSON', zh: '网关返回 HTML 502，不是 JSON' }, { kind: 'html502' }),
  demo('0b', 'official-account', 'Sim · 40125 wrong secret', { en: '40125: the secret does not match', zh: '40125：AppSecret 不对' }, { kind: 'wrongSecret' }),
  demo('0c', 'official-account', 'Sim · control characters', { en: 'a nickname with raw control characters, as WeChat has sent them', zh: '昵称里带原始控制字符（微信确实这样返回过）' }, { kind: 'controlCharacters' }),
];

export const demoApp = (appid: string): DemoApp | undefined => DEMO_APPS.find((app) => app.appid === appid);
