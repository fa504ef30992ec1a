import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronFake, fakeInvokeEvent, ipcHandlers, type FakeFrame } from '../support/electronFake';

vi.mock('electron', () => electronFake());

const { registerIpc } = await import('../../src/electron/ipc');
const { channelNames, ipcChannel } = await import('../../src/contract/channels');
const { isAppUrl } = await import('../../src/electron/window');
import type { Handlers } from '../../src/contract';

const profileId = '5b3c7f0e-9d1a-4c2b-8e6f-0a1b2c3d4e5f';
const appFrame: FakeFrame = { url: 'app://wxcred/index.html', parent: null };

describe('registerIpc', () => {
  let calls: string[];
  let unregister: () => void;

  beforeEach(() => {
    unregister?.();
    calls = [];
    const handlers = Object.fromEntries(
      channelNames.map((name) => [name, async () => (calls.push(name), { ok: name })]),
    ) as unknown as Handlers;
    unregister = registerIpc(handlers, { isAppUrl: (url) => isAppUrl(url) });
  });

  it('registers exactly one handler per contract channel, namespaced', () => {
    expect([...ipcHandlers.keys()].sort()).toEqual(channelNames.map(ipcChannel).sort());
  });

  it('answers the app top frame', async () => {
    const handler = ipcHandlers.get(ipcChannel('secretStatus'))!;
    await expect(handler(fakeInvokeEvent(appFrame), { profileId })).resolves.toEqual({ ok: true, value: { ok: 'secretStatus' } });
  });

  const forged: [string, ReturnType<typeof fakeInvokeEvent>][] = [
    ['a subframe', fakeInvokeEvent({ url: 'app://wxcred/index.html', parent: appFrame }, appFrame)],
    ['a frame that is not the main frame', fakeInvokeEvent({ url: 'app://wxcred/index.html', parent: null }, appFrame)],
    ['a remote page', fakeInvokeEvent({ url: 'https://evil.example/', parent: null })],
    ['a file:// page', fakeInvokeEvent({ url: 'file:///tmp/x.html', parent: null })],
    ['a destroyed frame', fakeInvokeEvent(null)],
    ['a frame reporting destroyed', fakeInvokeEvent({ url: 'app://wxcred/', parent: null, isDestroyed: () => true })],
    // Lookalikes of the app's own origin: a longer host, userinfo that hides the real host, a port, no host.
    ['app://wxcred.evil/', fakeInvokeEvent({ url: 'app://wxcred.evil/index.html', parent: null })],
    ['app://wxcred@evil/', fakeInvokeEvent({ url: 'app://wxcred@evil/index.html', parent: null })],
    ['app://wxcred:8080/', fakeInvokeEvent({ url: 'app://wxcred:8080/index.html', parent: null })],
    ['app://wxcred./', fakeInvokeEvent({ url: 'app://wxcred./index.html', parent: null })],
    ['app:///wxcred/', fakeInvokeEvent({ url: 'app:///wxcred/index.html', parent: null })],
    ['app://evil/?u=app://wxcred/', fakeInvokeEvent({ url: 'app://evil/index.html?u=app://wxcred/', parent: null })],
    ['an http page on loopback (the web-mode origin)', fakeInvokeEvent({ url: 'http://127.0.0.1:5173/index.html', parent: null })],
    ['a data: URL', fakeInvokeEvent({ url: 'data:text/html,<script>wxcred</script>', parent: null })],
    ['about:blank', fakeInvokeEvent({ url: 'about:blank', parent: null })],
    ['an empty URL', fakeInvokeEvent({ url: '', parent: null })],
    ['a devtools:// page', fakeInvokeEvent({ url: 'devtools://devtools/bundled/inspector.html', parent: null })],
  ];

  it.each(forged)('rejects %s on every channel without running a handler', async (_what, event) => {
    for (const name of channelNames) {
      const outcome = await ipcHandlers.get(ipcChannel(name))!(event, {});
      expect(outcome).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringContaining('Rejected') } });
    }
    expect(calls).toEqual([]);
  });

  // A top frame can show the app's URL with another security origin (a document served with CSP
  // `sandbox` is opaque, "null"): the origin must be the app's too.
  it.each([
    ['an opaque ("null") origin', 'null'],
    ['a foreign origin', 'https://evil.example'],
  ])('rejects a frame whose URL is the app but whose origin is %s', async (_what, origin) => {
    const event = fakeInvokeEvent({ url: 'app://wxcred/index.html', parent: null, origin });
    const outcome = await ipcHandlers.get(ipcChannel('secretStatus'))!(event, { profileId });
    expect(outcome).toMatchObject({ ok: false, error: { message: expect.stringContaining('Rejected') } });
    expect(calls).toEqual([]);
  });

  it('rejects a frame whose getters throw (disposed) instead of crashing', async () => {
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      sender: {},
    };
    await expect(ipcHandlers.get(ipcChannel('listProfiles'))!(event, {})).resolves.toMatchObject({ ok: false });
  });

  it('validates the payload after the sender check', async () => {
    const outcome = await ipcHandlers.get(ipcChannel('secretStatus'))!(fakeInvokeEvent(appFrame), { profileId: 1 });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'profileId' }] } });
    expect(calls).toEqual([]);
  });

  it('removes its handlers when unregistered', () => {
    unregister();
    expect(ipcHandlers.size).toBe(0);
    unregister = () => {};
  });
});
