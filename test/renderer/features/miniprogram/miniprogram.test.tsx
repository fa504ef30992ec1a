import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MiniProgramTab } from '../../../../src/renderer/features/miniprogram/MiniProgramTab';
import { makeProfile, profileId } from '../../support/fakeBridge';
import { BAD_IV, SESSION_KEY } from '../../support/fakeOAuth';
import { setup } from '../../support/harness';

const mini = makeProfile({ label: 'Mini', kind: 'mini-program', appid: 'wxaaaaaaaaaaaaaaaa' });
const ENCRYPTED = 'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==';
const IV = 'r7BXXKkLb8qrSNn05n0qiA==';

async function login(user: ReturnType<typeof setup>['user'], code = '0a3xYzJsCode') {
  await user.type(screen.getByLabelText('js_code'), code);
  await user.click(screen.getByTestId('jscode2session'));
  return screen.findByTestId('mini-session');
}

describe('mini-program tab: login', () => {
  it('Enter pressed twice (or a double click) sends the js_code once', async () => {
    const { user, fake } = setup({ profiles: [mini] }, <MiniProgramTab profile={mini} />);
    await user.type(screen.getByLabelText('js_code'), '0a3xYzJsCode');
    const button = screen.getByTestId('jscode2session');
    fireEvent.submit(button.closest('form') as HTMLFormElement);
    fireEvent.click(button);
    await screen.findByTestId('mini-session');
    expect(fake.callsTo('jscode2session')).toEqual([{ profileId: profileId(1), jsCode: '0a3xYzJsCode' }]);
  });

  it('jscode2session shows openid and a masked session_key; the key enters the DOM only on Reveal and leaves on Hide', async () => {
    const { user, fake } = setup({ profiles: [mini] }, <MiniProgramTab profile={mini} />);
    await login(user);
    expect(fake.callsTo('jscode2session')).toEqual([{ profileId: profileId(1), jsCode: '0a3xYzJsCode' }]);
    expect(screen.getByTestId('mini-openid').textContent).toBe('oMini_openid_456');
    expect(screen.getByTestId('mini-unionid').textContent).toContain('not returned');

    expect(screen.getByTestId('session-key').textContent).toBe('HyVFkG…Bg==');
    expect(document.body.innerHTML).not.toContain(SESSION_KEY);
    expect(fake.callsTo('revealSessionKey')).toEqual([]);
    expect(screen.queryByTestId('copy-session-key')).toBeNull();

    const reveal = screen.getByTestId('reveal-session-key');
    expect(reveal.getAttribute('aria-pressed')).toBe('false');
    await user.click(reveal);
    await waitFor(() => expect(screen.getByTestId('session-key').textContent).toBe(SESSION_KEY));
    expect(fake.callsTo('revealSessionKey')).toHaveLength(1);
    expect(reveal.getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByTestId('copy-session-key'));
    expect(await navigator.clipboard.readText()).toBe(SESSION_KEY);

    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.getByTestId('session-key').textContent).toBe('HyVFkG…Bg==');
    expect(document.body.innerHTML).not.toContain(SESSION_KEY);
    expect(fake.callsTo('revealSessionKey')).toHaveLength(1); // hiding calls nothing
  });

  it('the revealed session_key is not left in react-query’s cache', async () => {
    const { user, queryClient } = setup({ profiles: [mini] }, <MiniProgramTab profile={mini} />);
    await login(user);
    await user.click(screen.getByTestId('reveal-session-key'));
    await waitFor(() => expect(screen.getByTestId('session-key').textContent).toBe(SESSION_KEY));
    const cached = JSON.stringify([
      queryClient.getMutationCache().getAll().map((m) => m.state),
      queryClient.getQueryCache().getAll().map((q) => q.state.data),
    ]);
    expect(cached).not.toContain(SESSION_KEY);
  });

  it('a js_code already used is resent with allowReuse only after confirmation', async () => {
    const { user, fake } = setup({ profiles: [mini] }, <MiniProgramTab profile={mini} />);
    await login(user, 'sameJsCode');
    await user.click(screen.getByTestId('jscode2session'));
    const dialog = await screen.findByRole('alertdialog', { name: 'Send a js_code that was already used?' });
    expect(fake.callsTo('jscode2session').every((r) => !('allowReuse' in (r as object)))).toBe(true);
    await user.click(within(dialog).getByTestId('confirm-ok'));
    await waitFor(() => expect(fake.callsTo('jscode2session')).toHaveLength(3));
    expect(fake.callsTo('jscode2session')[2]).toEqual({ profileId: profileId(1), jsCode: 'sameJsCode', allowReuse: true });
    expect((await screen.findByRole('alert')).textContent).toContain('WeChat errcode 40163');
  });

  it('refuses a js_code that cannot be one before sending it', async () => {
    const { user, fake } = setup({ profiles: [mini] }, <MiniProgramTab profile={mini} />);
    await user.type(screen.getByLabelText('js_code'), 'has spaces');
    expect(screen.getByTestId('js-code-problem').textContent).toBe('A js_code is letters and digits only.');
    expect(screen.getByTestId('jscode2session').hasAttribute('disabled')).toBe(true);
    expect(fake.callsTo('jscode2session')).toEqual([]);
  });
});

describe('mini-program tab: decrypt, signature, phone number', () => {
  it('decrypts with the login’s session: pretty JSON, watermark appid ✓ and its time', async () => {
    const { user, fake } = setup({ profiles: [mini] }, <MiniProgramTab profile={mini} />);
    expect(screen.getByTestId('decrypt').hasAttribute('disabled')).toBe(true);
    await login(user);
    expect((screen.getByTestId('key-source-session') as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByTestId('encrypted-data'));
    await user.paste(ENCRYPTED);
    await user.type(screen.getByLabelText('iv'), IV);
    await user.click(screen.getByTestId('decrypt'));

    const check = await screen.findByTestId('watermark-check');
    expect(check.dataset.match).toBe('true');
    expect(check.textContent).toBe('✓ watermark appid wxaaaaaaaaaaaaaaaa matches this app');
    expect(screen.getByTestId('watermark-time').textContent).toContain(new Date(1735722000 * 1000).toLocaleString('en'));
    const json = screen.getByTestId('decrypted-json').textContent ?? '';
    expect(JSON.parse(json)).toMatchObject({ openId: 'oMini_openid_456', nickName: '小红' });
    expect(json).toContain('\n  "nickName": "小红"'); // pretty-printed

    const [request] = fake.callsTo('decryptUserData') as Record<string, unknown>[];
    expect(request).toMatchObject({ profileId: profileId(1), encryptedData: ENCRYPTED, iv: IV });
    expect(typeof request!.sessionId).toBe('string');
    expect(request).not.toHaveProperty('sessionKey');
  });

  it('flags data encrypted for another app, with both appids; a pasted session_key is sent instead of the session', async () => {
    const { user, fake, queryClient } = setup(
      { profiles: [mini], oauth: { watermarkAppid: 'wxbbbbbbbbbbbbbbbb' } },
      <MiniProgramTab profile={mini} />,
    );
    // No login yet: the pasted key is the only choice.
    expect((screen.getByTestId('key-source-session') as HTMLInputElement).disabled).toBe(true);
    await user.type(screen.getByLabelText('session_key'), SESSION_KEY);
    await user.click(screen.getByTestId('encrypted-data'));
    await user.paste(ENCRYPTED);
    await user.type(screen.getByLabelText('iv'), IV);
    await user.click(screen.getByTestId('decrypt'));

    const check = await screen.findByTestId('watermark-check');
    expect(check.dataset.match).toBe('false');
    expect(check.textContent).toBe('✗ watermark appid wxbbbbbbbbbbbbbbbb ≠ this app’s appid wxaaaaaaaaaaaaaaaa');
    expect(check.className).toContain('check-bad');
    expect(fake.callsTo('decryptUserData')[0]).toMatchObject({ sessionKey: SESSION_KEY });
    expect(fake.callsTo('decryptUserData')[0]).not.toHaveProperty('sessionId');
    // The request carried the key: the mutation was dropped once it settled.
    expect(JSON.stringify(queryClient.getMutationCache().getAll().map((m) => m.state))).not.toContain(SESSION_KEY);
  });

  it('a wrong key or iv shows the typed error, never a crash, and keeps the form', async () => {
    const { user } = setup({ profiles: [mini] }, <MiniProgramTab profile={mini} />);
    await login(user);
    await user.click(screen.getByTestId('encrypted-data'));
    await user.paste(ENCRYPTED);
    await user.type(screen.getByLabelText('iv'), BAD_IV);
    await user.click(screen.getByTestId('decrypt'));
    expect(await screen.findByText(/Could not decrypt: the session_key or iv is wrong/)).toBeTruthy();
    expect(screen.getByTestId('encrypted-data').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('decrypt-result')).toBeNull();
    expect(screen.getByTestId('mini-session')).toBeTruthy();
  });

  it('checks a signature: valid and invalid, and a malformed one is refused before sending', async () => {
    const { user, fake } = setup({ profiles: [mini] }, <MiniProgramTab profile={mini} />);
    await login(user);
    await user.type(screen.getByLabelText('rawData'), '{{"nickName":"Band"}');
    await user.type(screen.getByLabelText('signature'), 'abc');
    expect(screen.getByText('A signature is 40 hex characters (sha1).')).toBeTruthy();
    expect(screen.getByTestId('check-signature').hasAttribute('disabled')).toBe(true);

    await user.clear(screen.getByLabelText('signature'));
    await user.type(screen.getByLabelText('signature'), `0${'a'.repeat(39)}`);
    await user.click(screen.getByTestId('check-signature'));
    expect((await screen.findByTestId('signature-result')).dataset.valid).toBe('true');

    await user.clear(screen.getByLabelText('signature'));
    await user.type(screen.getByLabelText('signature'), 'f'.repeat(40));
    await user.click(screen.getByTestId('check-signature'));
    await waitFor(() => expect(screen.getByTestId('signature-result').dataset.valid).toBe('false'));
    expect(fake.callsTo('checkUserSignature')).toHaveLength(2);
    expect(fake.callsTo('checkUserSignature')[0]).toMatchObject({ rawData: '{"nickName":"Band"}' });
  });

  it('gets a phone number with its watermark check', async () => {
    const { user, fake } = setup({ profiles: [mini] }, <MiniProgramTab profile={mini} />);
    await user.type(screen.getByLabelText('Phone code'), 'phoneCode123');
    await user.click(screen.getByTestId('get-phone'));
    expect((await screen.findByTestId('phone-number')).textContent).toBe('+86 13800001111');
    expect(screen.getByTestId('phone-result').textContent).toContain('13800001111');
    expect(screen.getByTestId('watermark-check').dataset.match).toBe('true');
    expect(fake.callsTo('phoneNumber')).toEqual([{ profileId: profileId(1), code: 'phoneCode123' }]);
  });
});
