import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ErrorView } from '../../../src/renderer/ui/ErrorView';
import type { WxError } from '../../../src/contract/errors';
import { lookupErrcode } from '../../../src/core/errcodes/index';
import { FAKE_APP, setup, type Rig } from '../support/harness';

const entry40164 = lookupErrcode(40164)!;

/** Renders the error a real core call ends in: `provoke` sets the simulator up and makes the call. */
async function showReal(provoke: (rig: Rig) => Promise<WxError>, adjust: (error: WxError) => WxError = (e) => e) {
  let error: WxError | undefined;
  const rig = await setup(
    {
      apps: [{ app: FAKE_APP }],
      before: async (core) => {
        error = adjust(await provoke(core as Rig));
      },
    },
    () => <ErrorView error={error!} />,
  );
  const alert = screen.getByRole('alert');
  expect(alert.dataset.kind).toBe(error!.kind);
  return { alert, error: error!, rig };
}

/** Renders an error value as given (for shapes the core only produces on a bug, or in other languages). */
const show = async (error: WxError) => {
  await setup({}, <ErrorView error={error} />);
  const alert = screen.getByRole('alert');
  expect(alert.dataset.kind).toBe(error.kind);
  return alert;
};

const messageOf = (error: WxError): string => (error.kind === 'wechat' ? error.errmsg : error.message);

const LINK = 'https://developers.weixin.qq.com/community/search?query=40164';
/** A 40164 as WeChat writes it with every trailer, parsed by the core. */
const ipRefusal = ({ sim, fail, profiles }: Rig) => {
  sim.route('POST', '/cgi-bin/stable_token', () => ({
    errcode: 40164,
    errmsg: `invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 6650abc-1b2c3d4e-5f6a7b8c hint: [xyz] more details at ${LINK}`,
  }));
  return fail('getToken', { profileId: profiles[0]!.id });
};

describe('ErrorView', () => {
  it('wechat: errcode, meaning, cause and fix, the IP WeChat saw and every parsed part', async () => {
    // The route is shown as given; a proxied call is what this test wants to see described.
    const { alert } = await showReal(ipRefusal, (e) => ({ ...e, route: { kind: 'proxy', proxy: 'http://10.0.0.2:3128', source: 'profile' } }));
    const text = alert.textContent ?? '';
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('WeChat errcode 40164 · invalid ip, not in whitelist');
    expect(text).toContain(entry40164.zh!);
    expect(screen.getByTestId('error-ip').textContent).toContain('203.0.113.9');
    expect(screen.getByTestId('error-ipv6').textContent).toContain('::ffff:203.0.113.9');
    expect(text).toContain(entry40164.cause!.en);
    expect(text).toContain(entry40164.fix!.en);
    expect(text).toContain('6650abc-1b2c3d4e-5f6a7b8c');
    expect(text).toContain('xyz');
    expect(text).toContain('/cgi-bin/stable_token');
    expect(text).toContain('via proxy http://10.0.0.2:3128');
    expect(text).toContain('Add this IP to the app’s IP whitelist');
    const link = screen.getByRole('link', { name: LINK });
    expect(link.getAttribute('href')).toBe(LINK);
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('wechat: an errcode missing from the table still shows errmsg', async () => {
    const { alert } = await showReal(({ sim, fail, profiles }) => {
      sim.route('POST', '/cgi-bin/stable_token', () => ({ errcode: 99999, errmsg: 'something new' }));
      return fail('getToken', { profileId: profiles[0]!.id });
    });
    expect(alert.textContent).toContain('WeChat errcode 99999');
    expect(alert.textContent).toContain('Not in wxcred’s errcode table.');
    expect(alert.textContent).toContain('something new');
    expect(screen.queryByTestId('error-ip')).toBeNull();
    expect(alert.textContent).not.toContain('whitelist');
  });

  it('network: the reason in words, the message, status and endpoint', async () => {
    const { alert, error } = await showReal(({ sim, fail, profiles }) => {
      sim.scenario.html502('/cgi-bin/stable_token');
      return fail('getToken', { profileId: profiles[0]!.id });
    });
    expect(error).toMatchObject({ kind: 'network', status: 502, endpoint: '/cgi-bin/stable_token' });
    expect(screen.getByRole('heading').textContent).toMatch(/^Network failure: /);
    expect(alert.textContent).toContain(messageOf(error));
    expect(alert.textContent).toContain('502');
    expect(alert.textContent).toContain('/cgi-bin/stable_token');
  });

  it('network: a timeout is said in words', async () => {
    const { alert, error } = await showReal(async ({ sim, call, fail, profiles }) => {
      await call('saveSettings', { headersTimeoutMs: 100 });
      sim.scenario.slowHeaders(1000, '/cgi-bin/stable_token');
      return fail('getToken', { profileId: profiles[0]!.id });
    });
    expect(screen.getByRole('heading').textContent).toBe('Network failure: timed out');
    expect(alert.textContent).toContain(messageOf(error));
  });

  it('validation: the message and each issue by field', async () => {
    const { error } = await showReal(({ fail }) =>
      fail('saveProfile', { label: 'X', appid: 'wx12', kind: 'official-account', proxy: 'ftp://10.0.0.2' }),
    );
    expect(screen.getByRole('alert').textContent).toContain('Invalid input');
    const issues = error.kind === 'validation' ? error.issues : [];
    expect(issues.map((i) => i.path).sort()).toEqual(['appid', 'proxy']);
    // The message is the first issue ("appid: …"); only the others get a bullet.
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(error.kind === 'validation' ? error.message : '').toBe(`${issues[0]!.path}: ${issues[0]!.message}`);
    expect(items).toEqual(issues.slice(1).map((i) => `${i.path}: ${i.message}`));
  });

  it('validation: one issue is said once, not as the message and again as a "path: …" bullet', async () => {
    const { alert, error } = await showReal(({ fail, profiles }) => fail('setSecret', { profileId: profiles[0]!.id, secret: 'short' }));
    expect(error.kind === 'validation' && error.issues).toEqual([{ path: 'secret', message: expect.stringContaining('too short') }]);
    expect(screen.getByRole('heading').textContent).toBe('Invalid input');
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect(alert.textContent!.split('too short')).toHaveLength(2);
  });

  it('validation: a rate rule’s refusal is titled as such and counts down to when it is allowed', async () => {
    const { alert, error, rig } = await showReal(async ({ call, fail, profiles }) => {
      await call('getToken', { profileId: profiles[0]!.id, lane: 'stable-forced', confirmInvalidate: true });
      return fail('getToken', { profileId: profiles[0]!.id, lane: 'stable-forced', confirmInvalidate: true });
    });
    expect(error.kind === 'validation' && error.retryAt).toBe(rig.clock.now() + 30_000);
    expect(screen.getByRole('heading').textContent).toBe('Not allowed yet');
    expect(alert.textContent).not.toContain('Invalid input');
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect(alert.textContent!.split('once every 30 s')).toHaveLength(2);
    expect(screen.getByTestId('error-retry-at').textContent).toMatch(/^Allowed again in 00:30 \(/);
    rig.clock.advance(29_000);
    expect(screen.getByTestId('error-retry-at').textContent).toMatch(/^Allowed again in 00:01 \(/);
    rig.clock.advance(1_000);
    expect(screen.getByTestId('error-retry-at').textContent).toBe('Allowed again now.');
  });

  it('validation: a single issue that repeats the message is not listed twice', async () => {
    await show({ kind: 'validation', message: 'Confirm first.', issues: [{ path: '', message: 'Confirm first.' }] });
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toContain('Confirm first.');
  });

  it('keychain: the reason and the core’s message, which says what to install or unlock', async () => {
    const { alert } = await showReal(({ keychain, fail, profiles }) => {
      keychain.lock();
      return fail('getToken', { profileId: profiles[0]!.id });
    });
    // The fake keyring fails as libsecret does without a D-Bus session: typed no-daemon, with its advice.
    expect(screen.getByRole('heading').textContent).toBe('Keychain: no keychain service');
    expect(alert.textContent).toContain('dbus-run-session');
    expect(alert.textContent).not.toContain(FAKE_APP.secret);
  });

  it('internal: the message, marked as a bug in wxcred', async () => {
    // The core produces this only when a handler throws something unexpected.
    const alert = await show({ kind: 'internal', message: 'Unexpected TypeError inside wxcred; see the main-process log.' });
    expect(screen.getByRole('heading').textContent).toBe('Internal error in wxcred');
    expect(alert.textContent).toContain('Unexpected TypeError inside wxcred');
    expect(alert.textContent).toContain('This is a bug in wxcred');
  });

  it('follows the UI language: Chinese meaning, cause and fix in zh-CN', async () => {
    localStorage.setItem('wxcred.lang', 'zh-CN');
    await showReal(ipRefusal);
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe(`微信错误码 40164 · ${entry40164.zh}`);
    expect(screen.getByRole('alert').textContent).toContain(entry40164.fix!.zh);
    expect(screen.getByTestId('error-ip').previousElementSibling?.textContent).toBe('微信看到的 IP');
  });
});
