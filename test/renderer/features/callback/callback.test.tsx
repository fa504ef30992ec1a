/**
 * The server URL lab tab on the real core (handlers through dispatch, in-memory stores) against
 * the loopback callback server: the Token and key are write-only, the verdicts and raw exchanges
 * are shown, and no secret reaches the DOM or react-query's cache.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, WxcredApi } from '../../../../src/contract';
import { createQueryClient } from '../../../../src/renderer/data/queryClient';
import { Providers } from '../../../../src/renderer/app/Providers';
import { CallbackTab } from '../../../../src/renderer/features/callback/CallbackTab';

/** test/support/coreBridge.ts, typed here by what it offers (the DOM type program does not include the core). */
interface CoreSupport {
  createCoreBridge(): { api: WxcredApi; calls: { channel: string; request: unknown }[] };
  encryptMessage(aesKey: string, appid: string, message: string): string;
  startCallbackServer(options: { token: string; aesKey: string; appid: string }): Promise<{ url: string; close(): Promise<void> }>;
}
const coreSupportPath = '../../../support/coreBridge';
const core = (await import(/* @vite-ignore */ coreSupportPath)) as CoreSupport;

const TOKEN = 'fakeLabToken77';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APPID = 'wx00000000000000aa';

let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await core.startCallbackServer({ token: TOKEN, aesKey: AES_KEY, appid: APPID });
});
afterAll(() => server.close());
afterEach(() => {
  cleanup();
  localStorage.clear();
});

async function mount(kind: Profile['kind'] = 'official-account') {
  const { api, calls } = core.createCoreBridge();
  const saved = await api.saveProfile({ label: 'Lab', appid: APPID, kind });
  if (!saved.ok) throw new Error('saveProfile failed');
  const queryClient = createQueryClient();
  const user = userEvent.setup();
  render(
    <Providers bridge={api} queryClient={queryClient}>
      <CallbackTab profile={saved.value} />
    </Providers>,
  );
  return { user, queryClient, calls, api, profile: saved.value };
}

type Mounted = Awaited<ReturnType<typeof mount>>;

async function storeSecrets({ user }: Mounted) {
  await user.type(await screen.findByTestId('cblab-token-input'), TOKEN);
  await user.click(screen.getByTestId('cblab-token-save'));
  await user.type(screen.getByTestId('cblab-aesKey-input'), AES_KEY);
  await user.click(screen.getByTestId('cblab-aesKey-save'));
  await waitFor(() => expect(screen.getByTestId('cblab-aesKey-status').textContent).toContain(AES_KEY.slice(-4)));
}

function expectNoSecrets(m: Mounted) {
  const html = document.body.innerHTML;
  expect(html).not.toContain(TOKEN);
  expect(html).not.toContain(AES_KEY);
  const cached = JSON.stringify([m.queryClient.getMutationCache().getAll().map((x) => x.state), m.queryClient.getQueryCache().getAll().map((q) => q.state.data)]);
  expect(cached).not.toContain(TOKEN);
  expect(cached).not.toContain(AES_KEY);
}

describe('server URL lab tab', () => {
  it('keeps the Token and EncodingAESKey write-only: status and last 4 only, never in the DOM or cache', async () => {
    const m = await mount();
    await storeSecrets(m);
    expect(screen.getByTestId('cblab-token-status').textContent).toContain(TOKEN.slice(-4));
    expect((screen.queryByTestId('cblab-token-input') as HTMLInputElement | null)).toBeNull();
    expectNoSecrets(m);
    // Only the set calls carried them, toward main.
    const carrying = m.calls.filter((c) => JSON.stringify(c.request).includes(TOKEN) || JSON.stringify(c.request).includes(AES_KEY));
    expect(carrying.map((c) => c.channel)).toEqual(['setCallbackSecret', 'setCallbackSecret']);
  });

  it('shows a rejected EncodingAESKey with the reason', async () => {
    const m = await mount();
    await m.user.type(await screen.findByTestId('cblab-aesKey-input'), 'tooShort');
    await m.user.click(screen.getByTestId('cblab-aesKey-save'));
    const shown = await within(screen.getByTestId('cblab-secret-aesKey')).findByTestId('error-view');
    expect(shown.textContent).toContain('43 characters');
    expect(shown.textContent).not.toContain('tooShort');
  });

  it('handshake: passes against a right server and shows the raw exchange', async () => {
    const m = await mount();
    await storeSecrets(m);
    await m.user.type(screen.getByTestId('cblab-url'), `${server.url}/ok`);
    await m.user.click(screen.getByTestId('cblab-handshake'));
    const verdict = await screen.findByTestId('cblab-verdict');
    expect(verdict.getAttribute('data-outcome')).toBe('passed');
    expect(within(verdict).getAllByTestId('cblab-raw-request')[0]?.textContent).toContain('user-agent: Mozilla/4.0');
    expect(within(verdict).getAllByTestId('cblab-raw-request')[0]?.textContent).toMatch(/^GET \/ok\?signature=[0-9a-f]{40}&echostr=\d+/);
    expectNoSecrets(m);
  });

  it('a handshake belongs to the Token it was checked with: replacing the Token clears it', async () => {
    const m = await mount();
    await storeSecrets(m);
    await m.user.type(screen.getByTestId('cblab-url'), `${server.url}/ok`);
    await m.user.click(screen.getByTestId('cblab-handshake'));
    expect((await screen.findByTestId('cblab-verdict')).getAttribute('data-outcome')).toBe('passed');
    await m.user.click(within(screen.getByTestId('cblab-secret-token')).getByRole('button', { name: 'Replace' }));
    await m.user.type(screen.getByTestId('cblab-token-input'), 'fakeOtherToken88');
    await m.user.click(screen.getByTestId('cblab-token-save'));
    await waitFor(() => expect(screen.getByTestId('cblab-token-status').textContent).toContain('n88'));
    expect(screen.queryByTestId('cblab-verdict')).toBeNull();
  });

  it('handshake: explains a trailing newline, with the body shown as a literal', async () => {
    const m = await mount();
    await storeSecrets(m);
    await m.user.type(screen.getByTestId('cblab-url'), `${server.url}/newline`);
    await m.user.click(screen.getByTestId('cblab-handshake'));
    const verdict = await screen.findByTestId('cblab-verdict');
    expect(verdict.getAttribute('data-cause')).toBe('whitespace');
    expect(within(verdict).getByTestId('cblab-fix').textContent).toContain('newline');
    expect(within(verdict).getAllByTestId('cblab-body-literal')[0]?.textContent).toContain('\\n"');
  });

  it('push in safe mode: the decrypted reply is shown', async () => {
    const m = await mount();
    await storeSecrets(m);
    await m.user.type(screen.getByTestId('cblab-url'), `${server.url}/ok`);
    await m.user.selectOptions(screen.getByTestId('cblab-mode'), 'safe');
    await m.user.selectOptions(screen.getByTestId('cblab-message'), 'subscribe');
    await m.user.click(screen.getByTestId('cblab-push'));
    const verdict = await screen.findByTestId('cblab-verdict');
    expect(verdict.getAttribute('data-cause')).toBe('reply-passive');
    expect(screen.getByTestId('cblab-decrypted-reply').textContent).toContain('收到');
    expect(screen.getByTestId('cblab-sent').textContent).toContain('subscribe');
    expectNoSecrets(m);
  });

  it('mini-program: a JSON push; the format choice is offered', async () => {
    const m = await mount('mini-program');
    await storeSecrets(m);
    await m.user.type(screen.getByTestId('cblab-url'), `${server.url}/success`);
    await m.user.selectOptions(screen.getByTestId('cblab-format'), 'json');
    await m.user.click(screen.getByTestId('cblab-push'));
    expect((await screen.findByTestId('cblab-verdict')).getAttribute('data-cause')).toBe('reply-success');
    expect(screen.getByTestId('cblab-sent').textContent).toMatch(/^\{"ToUserName"/);
  });

  it('signs with the sorted inputs, the Token as a placeholder', async () => {
    const m = await mount();
    await storeSecrets(m);
    await m.user.clear(screen.getByTestId('cblab-timestamp'));
    await m.user.type(screen.getByTestId('cblab-timestamp'), '1409304348');
    await m.user.clear(screen.getByTestId('cblab-nonce'));
    await m.user.type(screen.getByTestId('cblab-nonce'), 'xxxxxx');
    await m.user.click(screen.getByTestId('cblab-sign'));
    expect((await screen.findByTestId('cblab-sorted')).textContent).toBe('1409304348 + Token + xxxxxx');
    expect(screen.getByTestId('cblab-signature-value').textContent).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a signature belongs to the inputs it was computed from: editing the nonce clears it', async () => {
    const m = await mount();
    await storeSecrets(m);
    await m.user.click(screen.getByTestId('cblab-sign'));
    expect(await screen.findByTestId('cblab-signature-value')).toBeTruthy();
    await m.user.type(screen.getByTestId('cblab-nonce'), '9');
    expect(screen.queryByTestId('cblab-signature-value')).toBeNull();
    expect(screen.queryByTestId('cblab-sorted')).toBeNull();
  });

  it('decrypts a pasted message and explains an AppID mismatch', async () => {
    const m = await mount();
    await storeSecrets(m);
    const encrypt = core.encryptMessage(AES_KEY, 'wx00000000000000bb', '<xml><Content><![CDATA[hi]]></Content></xml>');
    await m.user.click(screen.getByTestId('cblab-decrypt-body'));
    await m.user.paste(`<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
    await m.user.click(screen.getByTestId('cblab-decrypt'));
    const card = await screen.findByTestId('cblab-decrypted');
    expect(card.getAttribute('data-problem')).toBe('appid-mismatch');
    expect(within(card).getByTestId('cblab-plaintext').textContent).toContain('hi');
    expect(within(card).getByTestId('cblab-decrypt-appid').textContent).toContain('wx00000000000000bb');
  });

  it('encrypts a passive reply into the envelope WeChat expects', async () => {
    const m = await mount();
    await storeSecrets(m);
    await m.user.click(screen.getByTestId('cblab-encrypt-reply'));
    await m.user.paste('<xml><Content><![CDATA[ok]]></Content></xml>');
    await m.user.click(screen.getByTestId('cblab-encrypt'));
    expect((await screen.findByTestId('cblab-envelope')).textContent).toMatch(/^<xml><Encrypt><!\[CDATA\[.+\]\]><\/Encrypt><MsgSignature>/);
    expectNoSecrets(m);
  });
});
