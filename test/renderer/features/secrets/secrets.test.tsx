import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeProfile, profileId } from '../../support/fakeBridge';
import { setup } from '../../support/harness';

const SECRET = 'f00dfacecafe1234beef5678deadc0de3f9a';

describe('AppSecret field', () => {
  it('is write-only: cleared on save, hint shown, the secret nowhere in the page or the query cache', async () => {
    const { user, fake, queryClient } = setup({ profiles: [makeProfile()] });
    expect((await screen.findByTestId('secret-status')).textContent).toBe('No AppSecret stored yet.');
    const input = screen.getByTestId('secret-input') as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(screen.getByLabelText('New AppSecret')).toBe(input);

    await user.type(input, SECRET);
    await user.click(screen.getByTestId('secret-save'));

    expect((await screen.findByTestId('secret-status')).textContent).toBe('stored ✓ …3f9a');
    expect(fake.callsTo('setSecret')).toEqual([{ profileId: profileId(1), secret: SECRET }]);
    expect(fake.secrets.get(profileId(1))).toBe(SECRET);
    expect(screen.queryByTestId('secret-input')).toBeNull();
    expect(document.body.innerHTML).not.toContain(SECRET);
    // react-query keeps mutation variables in its cache; this one is dropped once it settles.
    await waitFor(() => expect(JSON.stringify(queryClient.getMutationCache().getAll().map((m) => m.state))).not.toContain(SECRET));

    // Replacing shows an empty field again — never the old value.
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    expect((screen.getByTestId('secret-input') as HTMLInputElement).value).toBe('');
  });

  it('clears the field even when main rejects the secret, and shows why', async () => {
    const { user, fake, queryClient } = setup({ profiles: [makeProfile()] });
    const input = (await screen.findByTestId('secret-input')) as HTMLInputElement;
    fake.failNext('setSecret', {
      kind: 'keychain',
      reason: 'unavailable',
      message: 'No keychain: install gnome-keyring (libsecret) and unlock it.',
    });
    await user.type(input, SECRET);
    await user.click(screen.getByTestId('secret-save'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Keychain: unavailable');
    expect(alert.textContent).toContain('install gnome-keyring');
    expect((screen.getByTestId('secret-input') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain(SECRET);
    await waitFor(() => expect(queryClient.getMutationCache().getAll()).toEqual([]));
  });

  it('deletes the stored secret only after confirmation', async () => {
    const { user, fake } = setup({ profiles: [makeProfile()], secrets: { [profileId(1)]: SECRET } });
    expect((await screen.findByTestId('secret-status')).textContent).toBe('stored ✓ …3f9a');
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete the stored AppSecret?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(fake.callsTo('deleteSecret')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('alertdialog')).getByTestId('confirm-ok'));
    expect((await screen.findByTestId('secret-status')).textContent).toBe('No AppSecret stored yet.');
    expect(fake.callsTo('deleteSecret')).toEqual([{ profileId: profileId(1) }]);
    expect(screen.getByTestId('get-token').hasAttribute('disabled')).toBe(true);
  });

  it('says when surrounding whitespace was trimmed, and warns about a shape other than 32 hex characters', async () => {
    const { user } = setup({ profiles: [makeProfile()] });
    await user.type(await screen.findByTestId('secret-input'), '  0123456789abcdef0123456789abcdef  ');
    await user.click(screen.getByTestId('secret-save'));
    expect((await screen.findByTestId('secret-trimmed')).textContent).toMatch(/removed before it was stored/);
    expect(screen.queryByTestId('secret-shape-warning')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Replace' }));
    await user.type(screen.getByTestId('secret-input'), 'FAKE-not-hex-secret-value');
    await user.click(screen.getByTestId('secret-save'));
    expect((await screen.findByTestId('secret-shape-warning')).textContent).toMatch(/not 32 hexadecimal characters/);
    expect(screen.queryByTestId('secret-trimmed')).toBeNull();
  });
});
