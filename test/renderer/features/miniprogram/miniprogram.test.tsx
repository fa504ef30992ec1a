import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MiniProgramTab } from '../../../../src/renderer/features/miniprogram/MiniProgramTab';
import { mintSessionKey, signRawData } from '../../../../src/core/simulator/oauth';
import { formatDateTime } from '../../../../src/renderer/ui/format';
import { FAKE_MINI_APP, setup, type Rig } from '../../support/harness';

const APPID = FAKE_MINI_APP.appid;
const mini = { apps: [{ app: FAKE_MINI_APP, label: 'Mini' }] };
const tab = (rig: Rig) => <MiniProgramTab profile={rig.profiles[0]!} />;
const WATERMARK_AT = 1735722000;

/** wx.login() in the simulator, then the js_code typed into the tab. */
async function login({ user, sim }: Pick<Rig, 'user' | 'sim'>, issued = sim.issueJsCode(APPID)) {
  await user.type(screen.getByLabelText('js_code'), issued.code);
  await user.click(screen.getByTestId('jscode2session'));
  await screen.findByTestId('mini-session');
  return issued;
}

/** What wx.getUserInfo hands a mini program: user data encrypted under the session_key. */
const userData = (sim: Rig['sim'], sessionKey: string, appid: string = APPID) =>
  sim.encryptUserData(sessionKey, { openId: 'oMini_openid_456', nickName: '小红' }, { appid, timestamp: WATERMARK_AT });

async function fillDecrypt(user: Rig['user'], encryptedData: string, iv: string) {
  await user.click(screen.getByTestId('encrypted-data'));
  await user.paste(encryptedData);
  await user.type(screen.getByLabelText('iv'), iv);
  await user.click(screen.getByTestId('decrypt'));
}

describe('mini-program tab: login', () => {
  it('Enter pressed twice (or a double click) sends the js_code once', async () => {
    const { user, callsTo, profiles, sim } = await setup(mini, tab);
    const { code } = sim.issueJsCode(APPID);
    await user.type(screen.getByLabelText('js_code'), code);
    const button = screen.getByTestId('jscode2session');
    fireEvent.submit(button.closest('form') as HTMLFormElement);
    fireEvent.click(button);
    await screen.findByTestId('mini-session');
    expect(callsTo('jscode2session')).toEqual([{ profileId: profiles[0]!.id, jsCode: code }]);
    expect(sim.calls('/sns/jscode2session')).toBe(1);
    // A second send would have been refused as a reuse and asked about; nothing was asked.
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('jscode2session shows openid and a masked session_key; the key enters the DOM only on Reveal and leaves on Hide', async () => {
    const rig = await setup(mini, tab);
    const { user, callsTo, profiles, resultsOf } = rig;
    const { code, openid, sessionKey } = await login(rig);
    expect(callsTo('jscode2session')).toEqual([{ profileId: profiles[0]!.id, jsCode: code }]);
    expect(screen.getByTestId('mini-openid').textContent).toBe(openid);
    expect(screen.getByTestId('mini-unionid').textContent).toContain('not returned');

    const masked = resultsOf('jscode2session')[0]!.sessionKeyMasked;
    expect(screen.getByTestId('session-key').textContent).toBe(masked);
    expect(masked).not.toContain(sessionKey);
    expect(document.body.innerHTML).not.toContain(sessionKey);
    expect(callsTo('revealSessionKey')).toEqual([]);
    expect(screen.queryByTestId('copy-session-key')).toBeNull();

    const reveal = screen.getByTestId('reveal-session-key');
    expect(reveal.getAttribute('aria-pressed')).toBe('false');
    await user.click(reveal);
    await waitFor(() => expect(screen.getByTestId('session-key').textContent).toBe(sessionKey));
    expect(callsTo('revealSessionKey')).toHaveLength(1);
    expect(reveal.getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByTestId('copy-session-key'));
    expect(await navigator.clipboard.readText()).toBe(sessionKey);

    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.getByTestId('session-key').textContent).toBe(masked);
    expect(document.body.innerHTML).not.toContain(sessionKey);
    expect(callsTo('revealSessionKey')).toHaveLength(1); // hiding calls nothing
  });

  it('the revealed session_key is not left in react-query’s cache', async () => {
    const rig = await setup(mini, tab);
    const { sessionKey } = await login(rig);
    await rig.user.click(screen.getByTestId('reveal-session-key'));
    await waitFor(() => expect(screen.getByTestId('session-key').textContent).toBe(sessionKey));
    const cached = JSON.stringify([
      rig.queryClient.getMutationCache().getAll().map((m) => m.state),
      rig.queryClient.getQueryCache().getAll().map((q) => q.state.data),
    ]);
    expect(cached).not.toContain(sessionKey);
  });

  it('a js_code already used is resent with allowReuse only after confirmation', async () => {
    const rig = await setup(mini, tab);
    const { user, callsTo, profiles, sim } = rig;
    const { code } = await login(rig);
    await user.click(screen.getByTestId('jscode2session'));
    const dialog = await screen.findByRole('alertdialog', { name: 'Send a js_code that was already used?' });
    expect(callsTo('jscode2session').every((r) => !('allowReuse' in (r as object)))).toBe(true);
    expect(sim.calls('/sns/jscode2session')).toBe(1);
    await user.click(within(dialog).getByTestId('confirm-ok'));
    await waitFor(() => expect(callsTo('jscode2session')).toHaveLength(3));
    expect(callsTo('jscode2session')[2]).toEqual({ profileId: profiles[0]!.id, jsCode: code, allowReuse: true });
    expect((await screen.findByRole('alert')).textContent).toContain('WeChat errcode 40163');
    expect(sim.calls('/sns/jscode2session')).toBe(2);
  });

  it('refuses a js_code that cannot be one before sending it', async () => {
    const { user, callsTo } = await setup(mini, tab);
    await user.type(screen.getByLabelText('js_code'), 'has spaces');
    expect(screen.getByTestId('js-code-problem').textContent).toBe('A js_code is letters and digits only.');
    expect(screen.getByTestId('jscode2session').hasAttribute('disabled')).toBe(true);
    expect(callsTo('jscode2session')).toEqual([]);
  });
});

describe('mini-program tab: decrypt, signature, phone number', () => {
  it('decrypts with the login’s session: pretty JSON, watermark appid ✓ and its time', async () => {
    const rig = await setup(mini, tab);
    const { user, callsTo, profiles, sim } = rig;
    expect(screen.getByTestId('decrypt').hasAttribute('disabled')).toBe(true);
    const { sessionKey } = await login(rig);
    expect((screen.getByTestId('key-source-session') as HTMLInputElement).checked).toBe(true);
    const { encryptedData, iv } = userData(sim, sessionKey);
    await fillDecrypt(user, encryptedData, iv);

    const check = await screen.findByTestId('watermark-check');
    expect(check.dataset.match).toBe('true');
    expect(check.textContent).toBe(`✓ watermark appid ${APPID} matches this app`);
    expect(screen.getByTestId('watermark-time').textContent).toContain(formatDateTime(WATERMARK_AT * 1000, 'en'));
    const json = screen.getByTestId('decrypted-json').textContent ?? '';
    expect(JSON.parse(json)).toMatchObject({ openId: 'oMini_openid_456', nickName: '小红' });
    expect(json).toContain('\n  "nickName": "小红"'); // pretty-printed

    const [request] = callsTo('decryptUserData') as Record<string, unknown>[];
    expect(request).toMatchObject({ profileId: profiles[0]!.id, encryptedData, iv });
    expect(typeof request!.sessionId).toBe('string');
    expect(request).not.toHaveProperty('sessionKey');
    expect(document.body.innerHTML).not.toContain(sessionKey);
  });

  it('flags data encrypted for another app, with both appids; a pasted session_key is sent instead of the session', async () => {
    const { user, callsTo, queryClient, sim } = await setup(mini, tab);
    const sessionKey = mintSessionKey();
    // No login yet: the pasted key is the only choice.
    expect((screen.getByTestId('key-source-session') as HTMLInputElement).disabled).toBe(true);
    await user.type(screen.getByLabelText('session_key'), sessionKey);
    const { encryptedData, iv } = userData(sim, sessionKey, 'wxbbbbbbbbbbbbbbbb');
    await fillDecrypt(user, encryptedData, iv);

    const check = await screen.findByTestId('watermark-check');
    expect(check.dataset.match).toBe('false');
    expect(check.textContent).toBe(`✗ watermark appid wxbbbbbbbbbbbbbbbb ≠ this app’s appid ${APPID}`);
    expect(check.className).toContain('check-bad');
    expect(callsTo('decryptUserData')[0]).toMatchObject({ sessionKey });
    expect(callsTo('decryptUserData')[0]).not.toHaveProperty('sessionId');
    // The request carried the key: the mutation was dropped once it settled.
    expect(JSON.stringify(queryClient.getMutationCache().getAll().map((m) => m.state))).not.toContain(sessionKey);
  });

  it('a wrong iv shows the typed error under its field, never a crash, and keeps the form', async () => {
    const rig = await setup(mini, tab);
    const { sessionKey } = await login(rig);
    const { encryptedData, iv } = userData(rig.sim, sessionKey);
    // A wrong iv garbles only the first block in CBC. This one turns it into control characters, so
    // the core can tell it is the iv; a random wrong iv leaves printable bytes about one time in ten.
    const first = Buffer.from(JSON.stringify({ openId: 'oMini_openid_456' }).slice(0, 16), 'utf8');
    const wrongIv = Buffer.from(iv, 'base64').map((b, i) => b ^ first[i]! ^ 0x01);
    await fillDecrypt(rig.user, encryptedData, Buffer.from(wrongIv).toString('base64'));
    expect(await screen.findByText(/its first 16 bytes are garbled: the iv does not belong to this encryptedData/)).toBeTruthy();
    expect(screen.getByLabelText('iv').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('decrypt-result')).toBeNull();
    expect(screen.getByTestId('mini-session')).toBeTruthy();
  });

  it('checks a signature: valid and invalid, and a malformed one is refused before sending', async () => {
    const rig = await setup(mini, tab);
    const { user, callsTo } = rig;
    const { sessionKey } = await login(rig);
    const rawData = '{"nickName":"Band"}';
    await user.type(screen.getByLabelText('rawData'), '{{"nickName":"Band"}');
    await user.type(screen.getByLabelText('signature'), 'abc');
    expect(screen.getByText('A signature is 40 hex characters (sha1).')).toBeTruthy();
    expect(screen.getByTestId('check-signature').hasAttribute('disabled')).toBe(true);

    await user.clear(screen.getByLabelText('signature'));
    await user.type(screen.getByLabelText('signature'), signRawData(rawData, sessionKey));
    await user.click(screen.getByTestId('check-signature'));
    expect((await screen.findByTestId('signature-result')).dataset.valid).toBe('true');

    await user.clear(screen.getByLabelText('signature'));
    await user.type(screen.getByLabelText('signature'), 'f'.repeat(40));
    await user.click(screen.getByTestId('check-signature'));
    await waitFor(() => expect(screen.getByTestId('signature-result').dataset.valid).toBe('false'));
    expect(callsTo('checkUserSignature')).toHaveLength(2);
    expect(callsTo('checkUserSignature')[0]).toMatchObject({ rawData });
  });

  it('gets a phone number with its watermark check', async () => {
    const { user, callsTo, profiles, sim } = await setup(mini, tab);
    const phone = sim.issuePhoneCode(APPID, { phoneNumber: '+86 13800001111', purePhoneNumber: '13800001111' });
    await user.type(screen.getByLabelText('Phone code'), phone.code);
    await user.click(screen.getByTestId('get-phone'));
    expect((await screen.findByTestId('phone-number')).textContent).toBe('+86 13800001111');
    expect(screen.getByTestId('phone-result').textContent).toContain('13800001111');
    expect(screen.getByTestId('watermark-check').dataset.match).toBe('true');
    expect(callsTo('phoneNumber')).toEqual([{ profileId: profiles[0]!.id, code: phone.code }]);
    expect(sim.calls('/wxa/business/getuserphonenumber')).toBe(1);
  });
});
