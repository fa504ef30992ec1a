/**
 * A developer's callback server on loopback that answers right and in each usual wrong way, one
 * behaviour per path. It checks signatures itself (sha1 over the sorted strings, written out here
 * rather than taken from wxcred) so a wrong Token on either side shows as it would in production.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { decryptMessage, encryptMessage } from '../../src/core/callback/crypto';

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface CallbackServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export interface CallbackServerOptions {
  token: string;
  aesKey: string;
  appid: string;
  /** A badly broken server that prints its Token into every answer. */
  echoToken?: boolean;
  /** Serve https with this key and certificate instead of http. */
  tls?: { key: string; cert: string };
}

const sha1 = (parts: string[]): string => createHash('sha1').update([...parts].sort().join('')).digest('hex');

const xml = new XMLParser({ parseTagValue: false });

/** One top-level field of WeChat's XML or JSON, read the way a developer's server would. */
function pick(body: string, name: string): string | null {
  const fields = body.trim().startsWith('{')
    ? (JSON.parse(body) as Record<string, unknown>)
    : ((xml.parse(body) as { xml?: Record<string, unknown> }).xml ?? {});
  const value = fields[name];
  return value === undefined ? null : String(value);
}

const textReply = (to: string, from: string, createTime: string | number, msgType = 'text', extra = '<Content><![CDATA[收到]]></Content>') =>
  `<xml><ToUserName><![CDATA[${to}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[${msgType}]]></MsgType>${extra}</xml>`;

export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  const requests: SeenRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = new URL(req.url ?? '/', 'http://callback.test');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? '', path: url.pathname, query, headers: req.headers, body });
    const route = url.pathname.replace(/^\//, '');
    const token = route === 'wrong-token' ? 'someOtherToken' : options.token;
    const signed = query.signature === sha1([token, query.timestamp ?? '', query.nonce ?? '']);
    const send = (status: number, text: string | Buffer, type = 'text/plain; charset=utf-8') => {
      if (options.echoToken) text = `token=${options.token} ${String(text)}`;
      res.writeHead(status, { 'content-type': type });
      res.end(text);
    };

    if (route === 'hang') {
      hanging.add(res);
      return;
    }
    if (route === 'redirect') {
      res.writeHead(302, { location: '/ok' });
      res.end();
      return;
    }
    if (route === 'status-500') return send(500, 'Internal Server Error');

    if (req.method === 'GET') {
      const echostr = query.echostr ?? '';
      if (route === 'no-check') return send(200, echostr);
      if (!signed) return send(403, 'invalid signature');
      switch (route) {
        case 'json-quoted':
          return send(200, JSON.stringify(echostr), 'application/json');
        case 'html':
          return send(200, `<!DOCTYPE html><html><body><p>${echostr}</p></body></html>`, 'text/html');
        case 'bom':
          return send(200, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(echostr)]));
        case 'newline':
          return send(200, `${echostr}\n`);
        case 'prefixed':
          return send(200, `echostr=${echostr}`);
        default:
          return send(200, echostr);
      }
    }

    // POST: a push. Verify, then answer the way this route is broken (or not).
    if (!signed) return send(403, 'invalid signature');
    let plain = body;
    const encrypted = query.encrypt_type === 'aes';
    if (encrypted) {
      const encrypt = pick(body, 'Encrypt') ?? '';
      if (query.msg_signature !== sha1([options.token, query.timestamp ?? '', query.nonce ?? '', encrypt])) return send(403, 'invalid msg_signature');
      plain = decryptMessage(options.aesKey, encrypt).message;
    }
    const from = pick(plain, 'FromUserName') ?? '';
    const to = pick(plain, 'ToUserName') ?? '';
    const now = Math.floor(Date.now() / 1000);
    const seal = (xml: string, signWith = options.token): string => {
      const encrypt = encryptMessage(options.aesKey, options.appid, xml);
      const ts = String(now);
      const nonce = '123456789';
      return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${sha1([signWith, ts, nonce, encrypt])}]]></MsgSignature><TimeStamp>${ts}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;
    };
    switch (route) {
      case 'success':
        return send(200, 'success');
      case 'empty':
        return send(200, '');
      case 'not-xml':
        return send(200, 'hello there');
      case 'not-swapped':
        return send(200, textReply(to, from, now), 'text/xml');
      case 'bad-createtime':
        return send(200, textReply(from, to, 'yesterday'), 'text/xml');
      case 'bad-msgtype':
        return send(200, textReply(from, to, now, 'markdown'), 'text/xml');
      case 'plain-reply':
        return send(200, textReply(from, to, now), 'text/xml');
      case 'bad-reply-signature':
        return send(200, seal(textReply(from, to, now), 'someOtherToken'), 'text/xml');
      case 'transfer':
        return send(200, textReply(from, to, now, 'transfer_customer_service', ''), 'text/xml');
      default: {
        const reply = textReply(from, to, now);
        return send(200, encrypted ? seal(reply) : reply, 'text/xml');
      }
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
