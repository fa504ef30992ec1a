/**
 * The one loopback test: for a URL's host name (brackets of an IPv6 host allowed) and for a
 * socket's peer address alike. localhost and *.localhost, 127.0.0.0/8, ::1 and IPv4-mapped 127.x
 * (dotted as a socket reports it, or in hex as a URL writes it: [::ffff:7f00:1]); nothing else,
 * however it is spelled.
 */
export function isLoopback(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h);
}
