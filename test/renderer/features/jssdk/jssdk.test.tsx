/**
 * The JS-SDK tab against the real core (dispatch and handlers on in-memory stores) and the
 * simulator over loopback: the ticket stays masked until Show, the builder shows string1 as
 * signed, and a pasted config is diagnosed in one step.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, screen, waitFor, within, cleanup } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, Profile, WxcredApi } from '../../../../src/contract';
import { channelNames } from '../../../../src/contract/channels';
import { dispatch } from '../../../../src/core/dispatch';
import { jssdkSign } from '../../../../src/core/jssdk/sign';
import { createServices, type Services } from '../../../../src/core/services';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../../src/core/simulator';
import { createMemoryTokenVault } from '../../../../src/core/token/tokenVault';
import { Providers } from '../../../../src/renderer/app/Providers';
import { createQueryClient } from '../../../../src/renderer/data/queryClient';
import { JssdkTab } from '../../../../src/renderer/features/jssdk/JssdkTab';
import { createManualClock } from '../../support/harness';

/** The keychain's part, in memory: the secret never leaves the core either way. */
function memorySecrets() {
  const stored = new Map<string, string>();
  return {
    get: async (appid: string) => stored.get(appid) ?? null,
    set: async (appid: string, secret: string) => void stored.set(appid, secret),
    delete: async (appid: string) => stored.delete(appid),
  };
}

let fake: FakeWechat;
let services: Services;
let dir: string;
let profile: Profile;

const bridgeOf = (s: Services): WxcredApi => {
  const api = {} as Record<Channel, (request: unknown) => Promise<unknown>>;
  for (const channel of channelNames) api[channel] = (request) => dispatch(s.handlers, channel, request);
  return api as unknown as WxcredApi;
};

beforeEach(async () => {
  fake = await startFakeWechat();
  dir = await mkdtemp(join(tmpdir(), 'wxcred-jssdk-ui-'));
  services = createServices({
    host: 'test',
    userDataDir: dir,
    env: { WXCRED_API_BASE: fake.url },
    mode: 'web',
    version: 'test',
    secrets: memorySecrets(),
    tokenVault: createMemoryTokenVault(),
    autoRefresh: false,
  });
  profile = await services.handlers.saveProfile({ label: 'Shop', appid: FAKE_APP.appid, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false });
  await services.handlers.setSecret({ profileId: profile.id, secret: FAKE_APP.secret });
});

afterEach(async () => {
  cleanup();
  await services.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

function renderTab() {
  const user = userEvent.setup();
  render(
    <Providers bridge={bridgeOf(services)} queryClient={createQueryClient()} clock={createManualClock(Date.now())}>
      <JssdkTab profile={profile} />
    </Providers>,
  );
  return user;
}

describe('JS-SDK tab', () => {
  it('shows the jsapi_ticket masked with its countdown; the whole ticket enters the page only on Show', async () => {
    const user = renderTab();
    await user.click(await screen.findByTestId('jssdk-get-ticket'));
    const value = await screen.findByTestId('ticket-value');
    const ticket = fake.tickets.currentOf(FAKE_APP.appid, 'jsapi')?.ticket ?? '';
    expect(value.textContent).toBe(`${ticket.slice(0, 6)}…${ticket.slice(-4)}`);
    expect(document.body.innerHTML).not.toContain(ticket);
    expect(screen.getByTestId('ticket-countdown').textContent).toMatch(/^[12]:\d\d:\d\d$/);
    await user.click(within(screen.getByTestId('ticket-card')).getByRole('button', { name: 'Show' }));
    expect(screen.getByTestId('ticket-value').textContent).toBe(ticket);
    expect(fake.calls('/cgi-bin/ticket/getticket')).toBe(1);
  });

  it('the builder shows string1 with the ticket masked, the signature, and a wx.config to paste', async () => {
    const user = renderTab();
    await user.type(screen.getByTestId('sign-url'), 'https://www.example.com/a?b=1#/c');
    await user.clear(screen.getByTestId('sign-noncestr'));
    await user.type(screen.getByTestId('sign-noncestr'), 'n0nce');
    await user.clear(screen.getByTestId('sign-timestamp'));
    await user.type(screen.getByTestId('sign-timestamp'), '1700000000');
    await user.click(screen.getByTestId('sign-submit'));
    const signature = await screen.findByTestId('sign-signature');
    const ticket = fake.tickets.currentOf(FAKE_APP.appid, 'jsapi')?.ticket ?? '';
    const expected = jssdkSign({ ticket, noncestr: 'n0nce', timestamp: '1700000000', url: 'https://www.example.com/a?b=1' });
    expect(signature.textContent).toBe(expected.signature);
    expect(screen.getByTestId('sign-string1').textContent).toBe(expected.string1.replace(ticket, `${ticket.slice(0, 6)}…${ticket.slice(-4)}`));
    expect(document.body.innerHTML).not.toContain(ticket);
    expect(screen.getByTestId('sign-snippet').textContent).toContain(`signature: "${expected.signature}"`);
    await user.click(screen.getByTestId('sign-reveal'));
    expect(screen.getByTestId('sign-string1').textContent).toBe(expected.string1);
  });

  it('a pasted wx.config and the URL the browser shows: the cause, its fix, and the domain to register', async () => {
    const user = renderTab();
    const ticket = (await services.handlers.getTicket({ profileId: profile.id, type: 'jsapi' })).ticket;
    const signed = jssdkSign({ ticket, noncestr: 'n0nce', timestamp: '1700000000', url: 'https://www.example.com/a' });
    const pasted = `wx.config({ appId: '${FAKE_APP.appid}', timestamp: 1700000000, nonceStr: 'n0nce', signature: '${signed.signature}' })`;
    await user.click(screen.getByTestId('diagnose-pasted'));
    await user.paste(pasted);
    await user.click(screen.getByTestId('diagnose-url'));
    await user.paste('https://www.example.com/a?from=singlemessage&isappinstalled=0');
    await user.click(screen.getByTestId('diagnose-submit'));
    const result = await screen.findByTestId('diagnosis');
    expect(result.dataset.match).toBe('share-params');
    expect(screen.getByTestId('diagnosis-verdict').textContent).toBe('Found it: Share parameters');
    expect(screen.getByTestId('diagnosis-fix').textContent).toMatch(/Sign the URL the browser shows/);
    expect(screen.getByTestId('diagnosis-domain').textContent).toContain('Register www.example.com');
  });

  it('nothing matches: both string1s side by side, the differing characters marked, the ticket masked', async () => {
    const user = renderTab();
    const ticket = (await services.handlers.getTicket({ profileId: profile.id, type: 'jsapi' })).ticket;
    const server = jssdkSign({ ticket, noncestr: 'n0nce', timestamp: '1700000000', url: 'https://www.example.com/shopping' }).string1;
    await user.click(screen.getByTestId('diagnose-pasted'));
    await user.paste(`{"appId":"${FAKE_APP.appid}","timestamp":"1700000000","nonceStr":"n0nce","signature":"${'0'.repeat(40)}"}`);
    await user.click(screen.getByTestId('diagnose-url'));
    await user.paste('https://www.example.com/shop');
    await user.click(screen.getByTestId('diagnose-string1'));
    await user.paste(server);
    await user.click(screen.getByTestId('diagnose-submit'));
    const diff = await screen.findByTestId('diagnosis-diff');
    expect(screen.getByTestId('diagnosis').dataset.match).toBe('none');
    const marks = [...screen.getByTestId('diff-compared').querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['ping']);
    expect(diff.innerHTML).not.toContain(ticket);
    await user.click(screen.getByTestId('diff-reveal'));
    expect(screen.getByTestId('diff-expected').textContent).toContain(ticket);
  });

  it('a validation error lands on its field (the page URL)', async () => {
    const user = renderTab();
    await user.click(screen.getByTestId('diagnose-pasted'));
    await user.paste('{"timestamp":"1","nonceStr":"n","signature":"s"}');
    await user.click(screen.getByTestId('diagnose-url'));
    await user.paste('not a url');
    await user.click(screen.getByTestId('diagnose-submit'));
    await waitFor(() => expect(screen.getByTestId('diagnose-url').getAttribute('aria-invalid')).toBe('true'));
  });
});
