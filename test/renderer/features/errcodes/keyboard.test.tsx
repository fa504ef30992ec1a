import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ErrcodeSearchPage } from '../../../../src/renderer/features/errcodes/ErrcodeSearchPage';
import { setup } from '../../support/harness';

/** The real core through dispatch, as everywhere in the renderer's tests. */
const show = async () => (await setup({}, <ErrcodeSearchPage />)).user;

describe('errcode search by keyboard', { timeout: 30_000 }, () => {
  it('ArrowDown and Enter from the search box select results; the detail follows the query', async () => {
    const user = await show();
    const search = screen.getByTestId('errcode-search');
    await user.type(search, '87009');
    await waitFor(() => expect(screen.getAllByTestId('errcode-result')[0]?.textContent).toContain('87009'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('errcode-result').getAttribute('aria-current')).toBe('true'));
    expect(document.activeElement).toBe(screen.getByTestId('errcode-result'));

    // A new query drops the old pick: the pane no longer shows 87009 once "4016" is typed.
    await user.clear(search);
    await user.type(search, '4016');
    await waitFor(() => expect(screen.getAllByTestId('errcode-result').some((b) => b.textContent?.includes('40164'))).toBe(true));
    expect(document.querySelector('[aria-current="true"]')).toBeNull();
    await user.click(search);
    await user.keyboard('{ArrowDown}');
    const results = screen.getAllByTestId('errcode-result');
    expect(results[0]?.getAttribute('aria-current')).toBe('true');
    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByTestId('errcode-result')[1]?.getAttribute('aria-current')).toBe('true');
    await user.keyboard('{ArrowUp}');
    expect(screen.getAllByTestId('errcode-result')[0]?.getAttribute('aria-current')).toBe('true');
  });

  it('says "1 match", not "1 matches"', async () => {
    const user = await show();
    await user.type(screen.getByTestId('errcode-search'), '9001035');
    await waitFor(() => expect(screen.getAllByTestId('errcode-result')).toHaveLength(1));
    expect(screen.getByText(/^1 match$/)).toBeTruthy();
  });
});
