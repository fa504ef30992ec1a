/**
 * What each verdict and each crypto failure means and what to do, in WeChat's language and in
 * English. The renderer and the CLI print these; nobody rebuilds them from codes.
 */
import type { Bilingual } from '../../contract/errcodes';
import type { CryptoFailure, CryptoProblem, LiveCause, LiveVerdict } from '../../contract';
import { CallbackCryptoError } from './crypto';

type Detail = Record<string, string | number>;
const fill = (text: string, detail: Detail): string => text.replace(/\{(\w+)\}/g, (_m, k: string) => String(detail[k] ?? `{${k}}`));
const both = (zh: string, en: string, detail: Detail = {}): Bilingual => ({ zh: fill(zh, detail), en: fill(en, detail) });

const cryptoTexts: Record<CryptoFailure, [string, string]> = {
  'key-length': ['EncodingAESKey 必须是 43 个字符，这个是 {length} 个。', 'An EncodingAESKey is exactly 43 characters; this one has {length}.'],
  'key-base64': ['EncodingAESKey 只能包含 A–Z、a–z、0–9、+ 和 /。', 'An EncodingAESKey holds only A–Z, a–z, 0–9, + and /.'],
  'not-base64': ['Encrypt 不是 base64 文本（可能被截断，或 + 被 URL 解码成了空格）。', 'Encrypt is not base64 text (cut short, or a + was URL-decoded into a space).'],
  'bad-block': ['密文长度 {bytes} 字节不是 16 的倍数：Encrypt 不完整。', 'The ciphertext is {bytes} bytes, not a multiple of 16: Encrypt is incomplete.'],
  'bad-padding': [
    '解密后的填充无效：EncodingAESKey 与加密这条消息的不是同一个（或消息属于另一个应用）。',
    'The padding after decryption is invalid: this EncodingAESKey is not the one the message was encrypted with (or the message belongs to another app).',
  ],
  'bad-length': [
    '解密后的长度字段（{length}）超出了内容（{available} 字节）：EncodingAESKey 不对。',
    'The length inside ({length}) is more than the content ({available} bytes): the EncodingAESKey is wrong.',
  ],
  'appid-mismatch': [
    '密文里的 AppID 是 {found}，不是 {expected}：这条消息是给另一个应用的，或服务器加密时用错了 AppID。',
    'The AppID inside is {found}, not {expected}: the message is for another app, or the server encrypted with the wrong AppID.',
  ],
  'signature-mismatch': [
    'msg_signature 不匹配：Token 不同，或 timestamp、nonce、Encrypt 与签名时的不一致。',
    'msg_signature does not match: a different Token, or timestamp, nonce or Encrypt differ from what was signed.',
  ],
  malformed: ['无法解析：{detail}', 'Cannot be parsed: {detail}'],
  'no-encrypt': ['消息里没有 Encrypt 字段：这是明文消息，或粘贴的内容不完整。', 'The message has no Encrypt field: it is a plaintext message, or the paste is incomplete.'],
};

export function cryptoProblem(reason: CryptoFailure, detail: Detail = {}): CryptoProblem {
  const [zh, en] = cryptoTexts[reason];
  return { reason, text: both(zh, en, detail) };
}

export const problemOf = (error: CallbackCryptoError): CryptoProblem => cryptoProblem(error.reason, error.detail);

/** cause zh, cause en, fix zh, fix en (fix empty when there is nothing to do). */
const liveTexts: Record<LiveCause, [string, string, string, string]> = {
  ok: ['服务器原样返回了 echostr：微信的验证会通过。', 'The server returned echostr exactly: WeChat\'s check will pass.', '', ''],
  'bad-url': ['URL 无效：{detail}', 'The URL is not usable: {detail}', '填写 http:// 或 https:// 开头的完整地址，不带 #。', 'Enter a full http:// or https:// address without a #.'],
  port: [
    '端口 {port}：微信只接受 80（http）和 443（https）端口的服务器地址。',
    'Port {port}: WeChat accepts server URLs on port 80 (http) and 443 (https) only.',
    '在 80/443 端口上用反向代理（nginx 等）转发到你的服务。',
    'Put a reverse proxy (nginx or similar) on port 80/443 in front of your service.',
  ],
  unreachable: ['连接不上服务器：{detail}', 'Could not connect to the server: {detail}', '检查服务是否在运行、端口是否开放、防火墙和安全组。', 'Check that the service is running and the port is open (firewall, security group).'],
  dns: ['域名解析失败：{detail}', 'The host name did not resolve: {detail}', '检查域名拼写和 DNS 解析记录。', 'Check the host name and its DNS records.'],
  tls: [
    'TLS 握手失败：{detail}',
    'The TLS handshake failed: {detail}',
    '使用受信任 CA 签发、未过期、与域名匹配的证书，并发送完整证书链；如果端口上是 http 服务，URL 就用 http://。',
    'Use an unexpired certificate from a trusted CA that matches the host name, with its full chain; if the port serves plain http, use http:// in the URL.',
  ],
  timeout: [
    '服务器 {ms} 毫秒内没有答完：微信只等 5 秒。',
    'The server had not finished answering after {ms} ms: WeChat waits 5 seconds.',
    '先回复，再慢慢处理（异步队列）；检查服务器是否卡在数据库或外部调用上。',
    'Reply first and do slow work afterwards (a queue); check for a stuck database or outbound call.',
  ],
  redirect: [
    '服务器返回了重定向（{status} → {location}）：微信不跟随重定向。',
    'The server redirected ({status} → {location}): WeChat does not follow redirects.',
    '把最终地址直接填到服务器配置里（常见原因：http→https 跳转、路径末尾的 /）。',
    'Enter the final address itself (common causes: an http→https redirect, a trailing /).',
  ],
  'http-status': [
    '服务器返回了 HTTP {status}，微信需要 200。',
    'The server answered HTTP {status}; WeChat needs 200.',
    '检查该路径的路由是否接受 {method} 请求，以及服务器日志里的错误。',
    'Check that the route accepts {method} requests, and the server log for the error.',
  ],
  'signature-rejected': [
    '服务器没有返回 echostr（返回了 {detail}）：多半是服务器上的 Token 与这里的不一致，签名校验失败。',
    'The server did not return echostr (it returned {detail}): usually the Token on the server differs from this one, so its signature check failed.',
    '让服务器和微信后台使用同一个 Token；签名是 sha1(字典序排序后拼接的 Token、timestamp、nonce)。',
    'Use the same Token on the server and in the console; the signature is sha1 of Token, timestamp and nonce sorted and joined.',
  ],
  'json-quoted': [
    '返回的是 JSON 字符串 "echostr"（带引号），不是 echostr 本身。',
    'The body is the JSON string "echostr" (with quotes), not echostr itself.',
    '以纯文本返回 echostr（例如 Spring 的 @ResponseBody String 配合 StringHttpMessageConverter，或直接写 response）。',
    'Return echostr as plain text (write it to the response, not through a JSON serializer).',
  ],
  'html-wrapped': [
    'echostr 被包在 HTML 里返回了（模板或框架的页面）。',
    'echostr came back wrapped in HTML (a template or a framework page).',
    '直接输出 echostr，不要经过模板渲染。',
    'Write echostr out directly, not through a template.',
  ],
  bom: [
    '返回内容以 UTF-8 BOM（EF BB BF）开头，与 echostr 不再逐字节相同。',
    'The body starts with a UTF-8 BOM (EF BB BF), so it is not byte-for-byte echostr.',
    '把源文件保存为无 BOM 的 UTF-8（PHP 常见），或在输出前清空缓冲。',
    'Save the source files as UTF-8 without BOM (common in PHP), or clear the output buffer first.',
  ],
  whitespace: [
    'echostr 前后多了空白或换行（{detail}）。',
    'echostr has extra whitespace or a newline around it ({detail}).',
    '输出时不要加换行（echo 而不是 println；检查 ?> 之后的空行）。',
    'Write it without a newline (print, not println; look for blank lines after ?>).',
  ],
  'body-mismatch': [
    '返回内容包含 echostr 但不完全相同（{detail}）。',
    'The body contains echostr but is not exactly it ({detail}).',
    '只返回 echostr，不加任何其他内容。',
    'Return echostr and nothing else.',
  ],
  'reply-success': ['服务器回复了 success：微信不会再重试，也不会给用户回复。', 'The server replied success: WeChat will not retry and sends the user nothing.', '', ''],
  'reply-empty': ['服务器回复了空内容：微信视为不回复。', 'The server replied with an empty body: WeChat takes it as no reply.', '', ''],
  'reply-passive': ['服务器回复了有效的被动回复消息（{msgType}）。', 'The server sent a valid passive reply ({msgType}).', '', ''],
  'reply-not-xml': [
    '回复既不是 success、空串，也不是有效的 XML 消息：{detail}。用户会看到“该公众号暂时无法提供服务”。',
    'The reply is neither success, empty, nor a valid XML message: {detail}. Users see "该公众号暂时无法提供服务".',
    '回复 success、空串，或按被动回复格式回复 XML。',
    'Reply success, an empty body, or a passive-reply XML message.',
  ],
  'reply-users': [
    '回复里的 ToUserName/FromUserName 没有对调：应为 ToUserName={openid}，FromUserName={gh}，实际为 {to} / {from}。',
    'ToUserName/FromUserName are not swapped: expected ToUserName={openid}, FromUserName={gh}, got {to} / {from}.',
    '回复时把收到消息的 FromUserName 作为 ToUserName，ToUserName 作为 FromUserName。',
    'Reply to the message\'s FromUserName (as ToUserName) from its ToUserName (as FromUserName).',
  ],
  'reply-createtime': ['回复的 CreateTime 不是整数秒时间戳（{detail}）。', 'The reply\'s CreateTime is not a whole-second timestamp ({detail}).', 'CreateTime 填当前 Unix 时间（秒）。', 'Set CreateTime to the current Unix time in seconds.'],
  'reply-msgtype': [
    '回复的 MsgType（{detail}）不是被动回复支持的类型，或缺少该类型必需的字段。',
    'The reply\'s MsgType ({detail}) is not one a passive reply may have, or lacks that type\'s required field.',
    '使用 text（带 Content）、image、voice、video、music、news 或 transfer_customer_service。',
    'Use text (with Content), image, voice, video, music, news or transfer_customer_service.',
  ],
  'reply-not-encrypted': [
    '安全模式下回复必须加密（<Encrypt>、<MsgSignature>、<TimeStamp>、<Nonce>），服务器回复了明文。',
    'In safe mode a reply must be encrypted (<Encrypt>, <MsgSignature>, <TimeStamp>, <Nonce>); the server replied in plaintext.',
    '用 EncodingAESKey 加密回复并计算 msg_signature，或回复 success。',
    'Encrypt the reply with the EncodingAESKey and sign it with msg_signature, or reply success.',
  ],
  'reply-crypto': ['加密回复无法通过校验：{detail}', 'The encrypted reply does not verify: {detail}', '检查服务器的 Token、EncodingAESKey 和 AppID。', 'Check the Token, EncodingAESKey and AppID on the server.'],
  'mini-program-passive': [
    '小程序客服消息不支持被动回复 {msgType}：只能回复 success（或转客服 transfer_customer_service），再用客服消息接口发送。',
    'Mini-program customer-service messages take no passive {msgType} reply: reply success (or transfer_customer_service) and send with the customer-service API.',
    '回复 success，然后调用 customerServiceMessage.send。',
    'Reply success, then call customerServiceMessage.send.',
  ],
};

export function verdict(code: LiveCause, outcome: LiveVerdict['outcome'], detail: Detail = {}, notes: Bilingual[] = []): LiveVerdict {
  const [czh, cen, fzh, fen] = liveTexts[code];
  return {
    ok: outcome === 'passed',
    outcome,
    cause: { code, zh: fill(czh, detail), en: fill(cen, detail) },
    fix: fzh ? both(fzh, fen, detail) : null,
    notes,
  };
}

export const notes = {
  privateHost: both(
    '这是本机或内网地址，微信服务器访问不到：这里测的是你的服务逻辑；在后台填写的必须是公网地址（80/443 端口）。',
    'This is a loopback or private address WeChat cannot reach: this tests your service\'s logic; the URL in the console must be public (port 80/443).',
  ),
  noSignatureCheck: both(
    '服务器对错误的 signature 也返回了 echostr：它没有校验签名，任何人都能冒充微信。',
    'The server also echoed echostr for a wrong signature: it does not check signatures, so anyone can pose as WeChat.',
  ),
  successWhitespace: both('回复的 success 前后有空白；建议只回复 success 这 7 个字节。', 'The success reply has whitespace around it; reply exactly the 7 bytes "success".'),
  appidInside: (found: string, expected: string) =>
    both('回复密文里的 AppID 是 {found}，不是 {expected}。', 'The AppID inside the reply is {found}, not {expected}.', { found, expected }),
};
