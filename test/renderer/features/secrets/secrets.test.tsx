import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FAKE_APP, setup } from '../../support/harness';

const SECRET = 'f00dfacecafe1234beef5678deadc0de3f9a';
const noSecret = { apps: [{ app: FAKE_APP, secret: false }] };

describe('AppSecret field', () => {
  it('is write-only: cleared on save, hint shown, the secret nowhere in the page or the query cache', async () => {
    const { user, callsTo, queryClient, keychain, profiles } = await setup(noSecret);
    expect((await screen.findByTestId('secret-status')).textContent).toBe('No AppSecret stored yet.');
    const input = screen.getByTestId('secret-input') as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(screen.getByLabelText('New AppSecret')).toBe(input);

    await user.type(input, SECRET);
    await user.click(screen.getByTestId('secret-save'));

    expect((await screen.findByTestId('secret-status')).textContent).toBe('stored ✓ …3f9a');
    expect(callsTo('setSecret')).toEqual([{ profileId: profiles[0]!.id, secret: SECRET }]);
    // It went to the keychain, and nowhere else the page can reach.
    expect(keychain.values()).toEqual([SECRET]);
    expect(screen.queryByTestId('secret-input')).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET);
    // react-query keeps mutation variables in its cache; this one is dropped once it settles.
    await waitFor(() => expect(JSON.stringify(queryClient.getMutationCache().getAll().map((m) => m.state))).not.toContain(SECRET));

    // Replacing shows an empty field again — never the old value.
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    expect((screen.getByTestId('secret-input') as HTMLInputElement).value).toBe('');
  });

  it('keeps what was typed when the keychain refuses the secret, and shows why', async () => {
    const { user, queryClient, keychain } = await setup(noSecret);
    const input = (await screen.findByTestId('secret-input')) as HTMLInputElement;
    keychain.lock();
    await user.type(input, SECRET);
    await user.click(screen.getByTestId('secret-save'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Keychain: no keychain service');
    expect(alert.textContent).toContain('gnome-keyring');
    expect(alert.textContent).not.toContain(SECRET);
    // Nothing was stored, so nothing the user typed is thrown away: unlock and save again.
    expect((screen.getByTestId('secret-input') as HTMLInputElement).value).toBe(SECRET);
    expect(keychain.values()).toEqual([]);
    await waitFor(() => expect(queryClient.getMutationCache().getAll()).toEqual([]));

    keychain.unlock();
    await user.click(screen.getByTestId('secret-save'));
    expect((await screen.findByTestId('secret-status')).textContent).toBe('stored ✓ …3f9a');
    expect(keychain.values()).toEqual([SECRET]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a secret the core refuses: one message under the field, what was typed kept, cleared by the next edit', async () => {
    const { user, callsTo, keychain } = await setup(noSecret);
    const input = (await screen.findByTestId('secret-input')) as HTMLInputElement;
    await user.type(input, 'short');
    await user.click(screen.getByTestId('secret-save'));
    const problem = await screen.findByTestId('secret-problem');
    expect(problem.textContent).toBe('An AppSecret is usually 32 characters; this is too short.');
    // Said once: no "Invalid input" box repeating it, no "secret: …" bullet.
    expect(screen.getAllByRole('alert')).toEqual([problem]);
    expect(document.body.textContent!.split('too short')).toHaveLength(2);
    expect(document.body.textContent).not.toContain('Invalid input');
    expect(screen.queryByText(/^secret: /)).toBeNull();
    expect(input.value).toBe('short');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(problem.id);
    expect(keychain.values()).toEqual([]);
    expect(callsTo('setSecret')).toHaveLength(1);

    await user.type(input, '-and-now-long-enough');
    expect(screen.queryByTestId('secret-problem')).toBeNull();
    expect(input.value).toBe('short-and-now-long-enough');
    expect(input.hasAttribute('aria-invalid')).toBe(false);
  });

  it('an AppSecret the contract cannot accept is refused by the core, not stored', async () => {
    const { fail, keychain, profiles } = await setup(noSecret);
    const refused = await fail('setSecret', { profileId: profiles[0]!.id, secret: 'short' });
    expect(refused.kind).toBe('validation');
    expect(keychain.values()).toEqual([]);
  });

  it('deletes the stored secret only after confirmation', async () => {
    const { user, callsTo, keychain, profiles } = await setup({ apps: [{ app: FAKE_APP }] });
    expect((await screen.findByTestId('secret-status')).textContent).toBe(`stored ✓ …${FAKE_APP.secret.slice(-4)}`);
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete the stored AppSecret?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(callsTo('deleteSecret')).toEqual([]);
    expect(keychain.values()).toEqual([FAKE_APP.secret]);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('alertdialog')).getByTestId('confirm-ok'));
    expect((await screen.findByTestId('secret-status')).textContent).toBe('No AppSecret stored yet.');
    expect(callsTo('deleteSecret')).toEqual([{ profileId: profiles[0]!.id }]);
    expect(keychain.values()).toEqual([]);
    expect(screen.getByTestId('get-token').hasAttribute('disabled')).toBe(true);
  });

  it('says when surrounding whitespace was trimmed, and warns about a shape other than 32 hex characters', async () => {
    const { user, callsTo, keychain } = await setup(noSecret);
    await user.type(await screen.findByTestId('secret-input'), '  0123456789abcdef0123456789abcdef  ');
    await user.click(screen.getByTestId('secret-save'));
    expect((await screen.findByTestId('secret-trimmed')).textContent).toMatch(/removed before it was stored/);
    expect(screen.queryByTestId('secret-shape-warning')).toBeNull();
    // The field sends what was typed; the core trims it before the keychain.
    expect(callsTo('setSecret')).toEqual([expect.objectContaining({ secret: '  0123456789abcdef0123456789abcdef  ' })]);
    expect(keychain.values()).toEqual(['0123456789abcdef0123456789abcdef']);

    await user.click(screen.getByRole('button', { name: 'Replace' }));
    await user.type(screen.getByTestId('secret-input'), 'FAKE-not-hex-secret-value');
    await user.click(screen.getByTestId('secret-save'));
    expect((await screen.findByTestId('secret-shape-warning')).textContent).toMatch(/not 32 hexadecimal characters/);
    expect(screen.queryByTestId('secret-trimmed')).toBeNull();
    expect(keychain.values()).toEqual(['FAKE-not-hex-secret-value']);
  });
});
