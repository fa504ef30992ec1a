/**
 * The app list on the real core: each app's secret and token state at a glance (no WeChat call,
 * no secret in the page), search by name, AppID and kind from the keyboard, and export/import of
 * the apps without secrets.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROFILES_IMPORT_MAX_BYTES } from '../../../../src/contract';
import { bridgeKey } from '../../../../src/renderer/data/hooks';
import { FAKE_APP, FAKE_MINI_APP, FAKE_TEST_APP, setup } from '../../support/harness';

afterEach(() => {
  vi.restoreAllMocks();
});

const item = (label: string) => {
  const found = screen.getAllByTestId('app-item').find((el) => el.querySelector('.app-item-label')?.textContent === label);
  if (!found) throw new Error(`no app item ${label}`);
  return found;
};
const stateOf = (label: string) => ({
  secret: within(item(label)).getByTestId('app-secret-state').textContent,
  token: within(item(label)).getByTestId('app-token-state').textContent,
});
const labels = () => screen.queryAllByTestId('app-item').map((el) => el.querySelector('.app-item-label')?.textContent);

describe('app list: state at a glance', () => {
  it('shows secret and token state per app, counts the token down, and says when it expired', async () => {
    const { user, clock, sim } = await setup({
      apps: [
        { app: FAKE_APP, label: 'With secret' },
        { app: FAKE_TEST_APP, label: 'No secret', secret: false },
      ],
    });
    await waitFor(() => expect(stateOf('With secret')).toEqual({ secret: 'secret ✓', token: 'no token' }));
    expect(stateOf('No secret')).toEqual({ secret: 'no secret', token: 'no token' });

    await user.click(await screen.findByTestId('get-token'));
    await waitFor(() => expect(stateOf('With secret').token).toBe('token 2:00:00'));
    // Asking for the states again spent nothing at WeChat.
    expect(sim.calls('/cgi-bin/stable_token')).toBe(1);
    clock.advance(60 * 60_000 + 1000);
    expect(stateOf('With secret').token).toBe('token 59:59');
    clock.advance(60 * 60_000);
    expect(stateOf('With secret').token).toBe('token expired');
    expect(within(item('With secret')).getByTestId('app-token-state').dataset.state).toBe('expired');
    expect(sim.calls('/cgi-bin/stable_token')).toBe(1);
    expect(document.body.innerHTML).not.toContain(FAKE_APP.secret);
  });

  it('follows fresh token data however the page got it (not only through a mutation)', async () => {
    const { call, queryClient, profiles } = await setup({ apps: [{ app: FAKE_APP, label: 'Fetched elsewhere' }] });
    await waitFor(() => expect(stateOf('Fetched elsewhere').token).toBe('no token'));
    const profileId = profiles[0]!.id;
    const info = await call('getToken', { profileId });
    // What a token fetch's owner does with its answer, whatever carried the call.
    act(() => void queryClient.setQueryData(bridgeKey('cachedToken', { profileId, lane: 'stable' }), info));
    await waitFor(() => expect(stateOf('Fetched elsewhere').token).toBe('token 2:00:00'));
  });

  it('follows a secret saved on the app page', async () => {
    const { user } = await setup({ apps: [{ app: FAKE_APP, label: 'Later', secret: false }] });
    await waitFor(() => expect(stateOf('Later').secret).toBe('no secret'));
    await user.type(await screen.findByTestId('secret-input'), FAKE_APP.secret);
    await user.click(screen.getByTestId('secret-save'));
    await waitFor(() => expect(stateOf('Later').secret).toBe('secret ✓'));
  });
});

describe('app list: a keychain that cannot be asked', () => {
  it('each app says so, with the reason', async () => {
    await setup({
      apps: [
        { app: FAKE_APP, label: 'One' },
        { app: FAKE_TEST_APP, label: 'Two' },
      ],
      before: async ({ keychain }) => keychain.lock(),
    });
    await screen.findAllByTestId('app-item');
    await waitFor(() => expect(stateOf('One')).toEqual({ secret: 'keychain: no keychain service', token: 'no token' }));
    expect(stateOf('Two')).toEqual({ secret: 'keychain: no keychain service', token: 'no token' });
  });
});

describe('app list: search', () => {
  const apps = [
    { app: FAKE_APP, label: 'Production 公众号' },
    { app: FAKE_MINI_APP, label: 'Shop' },
    { app: FAKE_TEST_APP, label: 'Sandbox' },
  ];

  it('matches name, AppID and kind (in either language’s words); says when nothing matches', async () => {
    const { user } = await setup({ apps });
    const search = await screen.findByTestId('app-search');
    await waitFor(() => expect(labels()).toEqual(['Production 公众号', 'Shop', 'Sandbox']));

    await user.type(search, 'shop');
    expect(labels()).toEqual(['Shop']);
    await user.clear(search);
    await user.type(search, FAKE_TEST_APP.appid.slice(-6).toUpperCase());
    expect(labels()).toEqual(['Sandbox']);
    await user.clear(search);
    await user.type(search, '小程序');
    expect(labels()).toEqual(['Shop']);
    await user.clear(search);
    await user.type(search, 'test-account');
    expect(labels()).toEqual(['Sandbox']);
    await user.clear(search);
    await user.type(search, 'nothing like it');
    expect(labels()).toEqual([]);
    expect(screen.getByTestId('app-search-none').textContent).toBe('No app matches “nothing like it”.');
  });

  it('is keyboard friendly: Enter opens the first match, arrows walk the list, Escape clears', async () => {
    const { user } = await setup({ apps });
    const search = await screen.findByTestId('app-search');
    await user.click(search);
    await user.keyboard('sand{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sandbox' })).toBeTruthy();

    await user.keyboard('{Escape}');
    expect((search as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(labels()).toHaveLength(3));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(item('Production 公众号'));
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(item('Sandbox'));
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(item('Production 公众号'));
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(search);
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Shop' })).toBeTruthy();
  });
});

/** Captures what downloadText saves: jsdom has no object URLs and no downloads. */
function captureDownloads() {
  const blobs: Blob[] = [];
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      blobs.push(blob);
      return `blob:wxcred/${blobs.length}`;
    }),
    revokeObjectURL: vi.fn(),
  });
  const names: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return { blobs, names };
}

describe('app list: export and import without secrets', () => {
  it('exports the core’s file, which holds no secret', async () => {
    const downloads = captureDownloads();
    const { user, call } = await setup({ apps: [{ app: FAKE_APP, label: 'Exported' }] });
    await user.click(await screen.findByTestId('export-apps'));
    await waitFor(() => expect(downloads.names).toHaveLength(1));
    const exported = await call('exportProfiles', {});
    expect(downloads.names[0]).toBe(exported.filename);
    const text = await downloads.blobs[0]!.text();
    expect(text).toBe(exported.json);
    expect(text).not.toContain(FAKE_APP.secret);
    expect(JSON.parse(text)).toMatchObject({ format: 'wxcred-profiles', version: 1, profiles: [{ label: 'Exported', appid: FAKE_APP.appid }] });
  });

  it('imports a file: adds what is new, skips what is here, reports both, and the keychain is untouched', async () => {
    const { user, keychain, callsTo } = await setup({ apps: [{ app: FAKE_APP, label: 'Mine' }] });
    const stored = keychain.values();
    expect(stored).toContain(FAKE_APP.secret);
    const json = JSON.stringify({
      format: 'wxcred-profiles',
      version: 1,
      profiles: [
        { label: 'Theirs', appid: FAKE_APP.appid, kind: 'official-account' },
        { label: 'New mini', appid: FAKE_MINI_APP.appid, kind: 'mini-program' },
      ],
    });
    await user.upload(await screen.findByTestId('import-file'), new File([json], 'apps.json', { type: 'application/json' }));
    const result = await screen.findByTestId('import-result');
    expect(result.textContent).toContain('Added: 1. Skipped (AppID already here): 1.');
    expect(within(result).getByTestId('import-skipped').textContent).toBe(`Theirs (${FAKE_APP.appid}): kept as it is here, “Mine”`);
    expect(result.textContent).toContain('have no AppSecret yet');
    await waitFor(() => expect(labels()).toEqual(['Mine', 'New mini']));
    await waitFor(() => expect(stateOf('New mini')).toEqual({ secret: 'no secret', token: 'no token' }));
    expect(keychain.values()).toEqual(stored);
    expect(callsTo('importProfiles')).toEqual([{ json }]);
  });

  it('a hostile file: the core’s typed error, nothing added', async () => {
    const { user, keychain } = await setup({ apps: [{ app: FAKE_APP, label: 'Mine' }] });
    const stored = keychain.values();
    const json = JSON.stringify({ format: 'wxcred-profiles', version: 1, profiles: [{ label: 'x', appid: FAKE_MINI_APP.appid, kind: 'mini-program', secret: 'FAKE-in-file' }] });
    await user.upload(await screen.findByTestId('import-file'), new File([json], 'apps.json'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Unrecognized key: "secret"');
    expect(screen.queryByTestId('import-result')).toBeNull();
    expect(labels()).toEqual(['Mine']);
    expect(keychain.values()).toEqual(stored);
  });

  it('a file over the limit is refused before it is read or sent', async () => {
    const { user, callsTo } = await setup({ apps: [{ app: FAKE_APP, label: 'Mine' }] });
    const huge = new File(['x'.repeat(PROFILES_IMPORT_MAX_BYTES + 1)], 'huge.json');
    await user.upload(await screen.findByTestId('import-file'), huge);
    expect((await screen.findByRole('alert')).textContent).toContain('larger than 200 KB');
    expect(callsTo('importProfiles')).toEqual([]);
  });
});

describe('demo apps', () => {
  it('show no AppSecret shape warning: their fake secrets only go to the simulator', async () => {
    const { user } = await setup({ simulator: true });
    await user.click(await screen.findByTestId('first-run-try'));
    await waitFor(() => expect(labels().length).toBeGreaterThan(1));
    await waitFor(() => expect(screen.getByTestId('secret-status').textContent).toMatch(/^stored ✓/));
    expect(screen.queryByTestId('secret-shape-warning')).toBeNull();
  });
});
