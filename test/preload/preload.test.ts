import { describe, expect, it, vi } from 'vitest';
import { electronFake, exposed, invoked } from '../support/electronFake';

vi.mock('electron', () => electronFake());

await import('../../src/preload/index');
const { channelNames, ipcChannel } = await import('../../src/contract/channels');

describe('preload', () => {
  const bridge = exposed.get('wxcred') as Record<string, (request?: unknown) => Promise<unknown>>;

  it('exposes exactly one frozen method per contract channel, and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['wxcred']);
    expect(Object.keys(bridge).sort()).toEqual([...channelNames].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const name of channelNames) expect(typeof bridge[name]).toBe('function');
    expect(bridge).not.toHaveProperty('invoke');
    expect(bridge).not.toHaveProperty('on');
  });

  it('invokes the namespaced channel with the request, defaulting to an empty object', async () => {
    await bridge.getToken!({ profileId: 'x', lane: 'stable' });
    await bridge.listProfiles!();
    expect(invoked.slice(-2)).toEqual([
      { channel: ipcChannel('getToken'), payload: { profileId: 'x', lane: 'stable' } },
      { channel: ipcChannel('listProfiles'), payload: {} },
    ]);
  });
});
