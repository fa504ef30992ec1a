import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallbackCryptoError, aesKeyBytes, decryptMessage, encryptMessage } from '../../../src/core/callback/crypto';
import { callbackSignature, msgSignature, sameSignature } from '../../../src/core/callback/signature';
import { buildWechatXml, field, parseWechatXml } from '../../../src/core/callback/xml';

// WeChat's own 消息加解密 sample (the 公众号 Java/PHP/Python sample code and its tests).
const official = {
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  token: 'pamtest',
  timestamp: '1409304348',
  nonce: 'xxxxxx',
  appId: 'wxb11529c136998cb6',
  randomStr: 'aaaabbbbccccdddd',
  replyMsg: '我是中文abcd123',
  afterAesEncrypt: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
  replyMsg2:
    '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>',
  afterAesEncrypt2:
    'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb',
};

// The same scheme as used by 企业微信, with the vectors wechatpy's tests carry (AppID → CorpID).
const work = {
  token: '123456',
  encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  id: 'wx49f0ab532d5d035a',
  timestamp: '1411525903',
  nonce: '461056294',
  random: '1234567890123456',
  encrypt:
    'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=',
  msgSignature: '74d92dfeb87ba7c714f89d98870ae5eb62dff26d',
  reply:
    '<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>',
  replyEncrypt:
    '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3',
  replySignature: '407518b7649e86ef23978113f92d27afa9296533',
};

const reason = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (thrown) {
    return thrown instanceof CallbackCryptoError ? thrown.reason : `unexpected ${String(thrown)}`;
  }
};

describe('message crypto against the official samples', () => {
  it('encrypts the 公众号 sample to the published ciphertext', () => {
    const random = Buffer.from(official.randomStr);
    expect(encryptMessage(official.encodingAesKey, official.appId, official.replyMsg, random)).toBe(official.afterAesEncrypt);
    expect(encryptMessage(official.encodingAesKey, official.appId, official.replyMsg2, random)).toBe(official.afterAesEncrypt2);
  });

  it('decrypts the published ciphertexts back to message and AppID', () => {
    expect(decryptMessage(official.encodingAesKey, official.afterAesEncrypt)).toEqual({ message: official.replyMsg, appid: official.appId });
    const video = decryptMessage(official.encodingAesKey, official.afterAesEncrypt2);
    expect(video.appid).toBe(official.appId);
    const fields = parseWechatXml(video.message);
    expect(field(fields, 'ToUserName')).toBe('oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw');
    expect(fields.Video).toEqual({
      MediaId: 'eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0',
      Title: 'testCallBackReplyVideo',
      Description: 'testCallBackReplyVideo',
    });
  });

  it('checks the published msg_signature and decrypts the pushed message', () => {
    expect(msgSignature(work.token, work.timestamp, work.nonce, work.encrypt).signature).toBe(work.msgSignature);
    const inner = decryptMessage(work.encodingAesKey, work.encrypt);
    expect(inner.appid).toBe(work.id);
    expect(field(parseWechatXml(inner.message), 'Content')).toBe('test');
    expect(field(parseWechatXml(inner.message), 'FromUserName')).toBe('messense');
  });

  it('encrypts and signs a reply exactly as the published sample', () => {
    const encrypt = encryptMessage(work.encodingAesKey, work.id, work.reply, Buffer.from(work.random));
    expect(encrypt).toBe(work.replyEncrypt);
    expect(msgSignature(work.token, work.timestamp, work.nonce, encrypt).signature).toBe(work.replySignature);
  });

  it('pads to 32 bytes: every length from 0 to 64 round-trips', () => {
    for (let n = 0; n <= 64; n++) {
      const message = 'x'.repeat(n);
      const encrypted = encryptMessage(official.encodingAesKey, official.appId, message);
      expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0);
      expect(decryptMessage(official.encodingAesKey, encrypted).message).toBe(message);
    }
  });
});

describe('each failure says what it is', () => {
  it('wrong key length and non-base64 keys', () => {
    expect(reason(() => aesKeyBytes('abc'))).toBe('key-length');
    expect(reason(() => aesKeyBytes(`${official.encodingAesKey}=`))).toBe('key-length');
    expect(reason(() => aesKeyBytes('abcdefghijklmnopqrstuvwxyz0123456789ABCDEF-'))).toBe('key-base64');
  });

  it('ciphertext that is not base64, or not whole blocks', () => {
    expect(reason(() => decryptMessage(official.encodingAesKey, 'not base64!'))).toBe('not-base64');
    // A + turned into a space by URL decoding is the usual way a pasted Encrypt breaks.
    expect(reason(() => decryptMessage(official.encodingAesKey, 'abc'))).toBe('not-base64');
    expect(reason(() => decryptMessage(official.encodingAesKey, Buffer.alloc(20).toString('base64')))).toBe('bad-block');
  });

  it('the wrong key shows as bad padding or a bad length, never as garbage plaintext', () => {
    const otherKey = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg';
    expect(['bad-padding', 'bad-length']).toContain(reason(() => decryptMessage(otherKey, official.afterAesEncrypt2)));
    expect(['bad-padding', 'bad-length']).toContain(reason(() => decryptMessage(work.encodingAesKey, official.afterAesEncrypt)));
  });

  it('the AppID inside is reported as it is, for the caller to compare', () => {
    const encrypted = encryptMessage(official.encodingAesKey, 'wx0000000000000001', 'hi');
    expect(decryptMessage(official.encodingAesKey, encrypted).appid).toBe('wx0000000000000001');
  });
});

describe('signatures', () => {
  it('sorts Token, timestamp and nonce and never shows the Token', () => {
    const signed = callbackSignature('pamtest', '1409304348', 'xxxxxx');
    expect(signed.sorted).toEqual([
      { name: 'timestamp', value: '1409304348' },
      { name: 'token', value: null },
      { name: 'nonce', value: 'xxxxxx' },
    ]);
    expect(signed.signature).toBe(createHash('sha1').update('1409304348pamtestxxxxxx').digest('hex'));
    expect(sameSignature(signed.signature.toUpperCase(), signed.signature)).toBe(true);
    expect(sameSignature('abc', signed.signature)).toBe(false);
  });
});

describe('WeChat XML', () => {
  it('reads CDATA, entities and nesting, and writes CDATA that survives "]]>"', () => {
    const fields = parseWechatXml('<xml><A><![CDATA[a & <b>]]></A><B>x &amp; y</B><C><D>1</D></C><CreateTime>1</CreateTime></xml>');
    expect(fields).toEqual({ A: 'a & <b>', B: 'x & y', C: { D: '1' }, CreateTime: '1' });
    const built = buildWechatXml({ Content: 'tricky ]]> text', CreateTime: 5 });
    expect(parseWechatXml(built)).toEqual({ Content: 'tricky ]]> text', CreateTime: '5' });
    expect(() => parseWechatXml('<xml><A></xml>')).toThrow();
    expect(() => parseWechatXml('<root><A>1</A></root>')).toThrow(/root element/);
  });
});
