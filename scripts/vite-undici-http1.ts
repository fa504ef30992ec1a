/**
 * A build plugin for every Node-side bundle: undici's HTTP/2 client replaced by a stub.
 *
 * wxcred speaks HTTP/1.1 to WeChat: no dispatcher is given `allowH2` or `useH2c`, so undici offers
 * only "http/1.1" in ALPN and never hands a socket to its HTTP/2 client. That client still
 * requires node:http2 when undici is imported, and node:http2 loads tls with it: about
 * 2 MiB of resident memory and several milliseconds on every `wxcred` start, for code that cannot
 * run. The stub keeps the module's one export and fails loudly if anything ever reaches it.
 */
import type { Plugin } from 'vite';

const HTTP2_CLIENT = /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/;

const STUB = `'use strict'
module.exports = function connectH2 () {
  throw new Error('wxcred is built for HTTP/1.1 only: undici negotiated HTTP/2, which no dispatcher here allows')
}
`;

export const undiciHttp1Only = (): Plugin => ({
  name: 'wxcred-undici-http1-only',
  enforce: 'pre',
  load: (id) => (HTTP2_CLIENT.test(id) ? STUB : null),
});
