/** WeChat serves avatars (headimgurl) from these hosts; nothing else remote is ever loaded. */
export const avatarHosts = ['https://thirdwx.qlogo.cn', 'https://wx.qlogo.cn'] as const;

/** The renderer's Content-Security-Policy, sent as a header by the app protocol and the web server. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' data: ${avatarHosts.join(' ')}`,
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
