import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../../src/contract';
import { FAKE_APP, FAKE_TEST_APP, setup } from '../../support/harness';

describe('app list and add/edit dialog', () => {
  it('adds an app, checking the appid while it is typed', async () => {
    const { user, callsTo, call } = await setup();
    expect(await screen.findByText('No apps yet. Add one by its AppID.')).toBeTruthy();

    await user.click(screen.getByTestId('add-app'));
    const dialog = screen.getByRole('dialog', { name: 'Add app' });
    await user.type(within(dialog).getByLabelText('Name'), 'Staging 小程序');
    const appid = within(dialog).getByLabelText('AppID');
    await user.type(appid, 'wx12');

    expect(screen.getByTestId('appid-problem').textContent).toBe('wx + 16 hex characters');
    expect(appid.getAttribute('aria-invalid')).toBe('true');
    expect(appid.getAttribute('aria-describedby')).toBe(screen.getByTestId('appid-problem').id);

    // An invalid appid is never sent.
    await user.click(within(dialog).getByTestId('profile-save'));
    expect(callsTo('saveProfile')).toEqual([]);

    await user.clear(appid);
    await user.type(appid, 'wx00112233445566ff');
    expect(screen.queryByTestId('appid-problem')).toBeNull();
    expect(appid.getAttribute('aria-invalid')).toBeNull();

    await user.selectOptions(within(dialog).getByLabelText('Type'), 'mini-program');
    await user.selectOptions(within(dialog).getByLabelText('API domain'), 'custom');
    const base = within(dialog).getByLabelText('Custom base URL');
    await user.type(base, 'ftp://nope');
    expect(screen.getByTestId('customBase-problem').textContent).toBe('An absolute http:// or https:// URL.');
    await user.clear(base);
    await user.type(base, 'http://127.0.0.1:9000');
    await user.type(within(dialog).getByLabelText('Proxy URL (optional)'), 'http://10.0.0.2:3128');
    await user.click(within(dialog).getByTestId('profile-save'));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo('saveProfile')).toEqual([
      {
        label: 'Staging 小程序',
        appid: 'wx00112233445566ff',
        kind: 'mini-program',
        domain: 'custom',
        customBase: 'http://127.0.0.1:9000',
        proxy: 'http://10.0.0.2:3128',
      },
    ]);
    const item = await screen.findByTestId('app-item');
    expect(item.textContent).toContain('Staging 小程序');
    expect(item.getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('app-appid').textContent).toBe('wx00112233445566ff');
    expect(screen.getByTestId('app-page').textContent).toContain('via proxy http://10.0.0.2:3128');
    // The core kept it as sent.
    expect(await call('listProfiles', {})).toEqual([expect.objectContaining({ appid: 'wx00112233445566ff', customBase: 'http://127.0.0.1:9000' })]);
  });

  it('an AppID the core already has: said once, under the AppID field, with what was typed kept', async () => {
    // One app per AppID: a rule only the core's profile store knows.
    const { user, callsTo } = await setup({ apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] });
    await user.click(await screen.findByTestId('add-app'));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Name'), 'X');
    const appid = within(dialog).getByLabelText('AppID') as HTMLInputElement;
    await user.type(appid, FAKE_APP.appid);
    await user.click(within(dialog).getByTestId('profile-save'));
    const problem = await within(dialog).findByTestId('appid-problem');
    expect(problem.textContent).toBe(`An app with AppID ${FAKE_APP.appid} is already added (Prod 公众号).`);
    expect(within(dialog).getAllByRole('alert')).toEqual([problem]);
    expect(dialog.textContent).not.toContain('Invalid input');
    expect(dialog.textContent).not.toContain('appid: ');
    expect(dialog.textContent!.split('is already added')).toHaveLength(2);
    expect(appid.value).toBe(FAKE_APP.appid);
    expect(appid.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(callsTo('saveProfile')).toHaveLength(1);
    expect(screen.getAllByTestId('app-item')).toHaveLength(1);

    // Editing the AppID answers the refusal; the new one saves.
    await user.clear(appid);
    expect(dialog.textContent).not.toContain('is already added');
    await user.type(appid, 'wx00112233445566ff');
    await user.click(within(dialog).getByTestId('profile-save'));
    await waitFor(() => expect(screen.getAllByTestId('app-item')).toHaveLength(2));
  });

  it('edits an app, sending its id, and deletes one after confirmation', async () => {
    const { user, callsTo, profiles, call } = await setup({
      apps: [
        { app: FAKE_APP, label: 'Prod 公众号' },
        { app: FAKE_TEST_APP, label: 'Test 测试号' },
      ],
    });
    const [first, second] = profiles as [Profile, Profile];
    const items = await screen.findAllByTestId('app-item');
    expect(items.map((i) => i.getAttribute('data-profile-id'))).toEqual([first.id, second.id]);

    await user.click(items[1]!);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Test 测试号');
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Test 测试号' });
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Renamed');
    await user.click(within(dialog).getByTestId('profile-save'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Renamed'));
    expect(callsTo('saveProfile')[0]).toMatchObject({ id: second.id, label: 'Renamed', kind: 'test-account' });

    await user.click(screen.getByRole('button', { name: 'Delete app' }));
    expect(callsTo('deleteProfile')).toEqual([]);
    const confirm = screen.getByRole('alertdialog', { name: 'Delete “Renamed”?' });
    await user.click(within(confirm).getByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getAllByTestId('app-item')).toHaveLength(1));
    expect(callsTo('deleteProfile')).toEqual([{ profileId: second.id }]);
    expect((await call('listProfiles', {})).map((p) => p.id)).toEqual([first.id]);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Prod 公众号');
  });

  it('warns before a save that re-points an app with a stored secret', async () => {
    const { user } = await setup({ apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] });
    await screen.findAllByTestId('app-item');
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Prod 公众号' });
    const proxy = within(dialog).getByLabelText('Proxy URL (optional)');
    await user.type(proxy, 'http://127.0.0.1:8080');
    expect((await within(dialog).findByTestId('repoint-warning')).textContent).toMatch(/will be deleted when you save/);
    await user.clear(proxy);
    await waitFor(() => expect(within(dialog).queryByTestId('repoint-warning')).toBeNull());
  });

  it('does not warn about a re-point when the app has no stored secret', async () => {
    const { user, callsTo } = await setup({ apps: [{ app: FAKE_APP, label: 'Prod 公众号', secret: false }] });
    await screen.findAllByTestId('app-item');
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Prod 公众号' });
    await waitFor(() => expect(callsTo('secretStatus').length).toBeGreaterThan(0));
    await user.type(within(dialog).getByLabelText('Proxy URL (optional)'), 'http://127.0.0.1:8080');
    expect(within(dialog).queryByTestId('repoint-warning')).toBeNull();
  });
});
