/**
 * Long calls across features, on the real core against the simulator: a call outlives the tab
 * and the page that started it, Cancel aborts it in main, and an answer is filed under the input
 * it was asked with.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FAKE_APP, FAKE_MINI_APP, FAKE_TEST_APP, setup } from '../support/harness';

const SECOND = 1000;

describe('long calls in the feature tabs', () => {
  it('a console call keeps running while another tab is open, with its request, and its answer lands on return', async () => {
    const { user, sim, clock } = await setup({ apps: [{ app: FAKE_TEST_APP, label: 'Sandbox 测试号' }] });
    await user.click(await screen.findByTestId('tab-console'));
    await user.selectOptions(screen.getByTestId('console-catalog'), 'GET /cgi-bin/user/get');
    sim.scenario.hang({ path: '/cgi-bin/user/get', times: 1 });
    await user.click(screen.getByTestId('console-send'));
    await waitFor(() => expect(sim.calls('/cgi-bin/user/get')).toBe(1));

    await user.click(screen.getByTestId('tab-token'));
    clock.advance(3 * SECOND);
    await user.click(screen.getByTestId('tab-console'));
    expect((screen.getByTestId('console-path') as HTMLInputElement).value).toBe('/cgi-bin/user/get');
    expect(screen.getByTestId('console-send').textContent).toBe('Sending… 3 s');
    await user.click(screen.getByTestId('console-send-cancel'));
    await waitFor(() => expect(sim.hungUp.map((r) => r.path)).toEqual(['/cgi-bin/user/get']));
    expect(screen.getByTestId('console-send-cancelled')).toBeTruthy();

    // Sent again, answered while the user is on the Token tab: the answer is there on return.
    await user.click(screen.getByTestId('console-send'));
    await user.click(screen.getByTestId('tab-token'));
    await waitFor(() => expect(sim.calls('/cgi-bin/user/get')).toBe(2));
    await user.click(screen.getByTestId('tab-console'));
    const result = await screen.findByTestId('console-result');
    expect(within(result).getByTestId('console-reply').textContent).toContain('"total": 2');

    // Editing the request clears the answer that belonged to the old one.
    await user.type(screen.getByTestId('console-query'), 'next_openid=x');
    expect(screen.queryByTestId('console-result')).toBeNull();
  });

  it('an OAuth code exchange is still pending after visiting another page, and Cancel aborts it at WeChat', async () => {
    const { user, sim } = await setup({ apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] });
    await user.click(await screen.findByTestId('tab-oauth'));
    const code = sim.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' }).code;
    sim.scenario.hang('/sns/oauth2/access_token');
    await user.type(screen.getByTestId('code-paste'), code);
    await user.click(screen.getByTestId('exchange-code'));
    await waitFor(() => expect(sim.calls('/sns/oauth2/access_token')).toBe(1));

    await user.click(screen.getByTestId('nav-settings'));
    await user.click(await screen.findByTestId('app-item'));
    await user.click(await screen.findByTestId('tab-oauth'));
    expect(screen.getByTestId('exchange-code').textContent).toMatch(/^Exchanging… \d+ s$/);
    expect(screen.getByTestId('exchange-code').hasAttribute('disabled')).toBe(true);
    await user.click(screen.getByTestId('exchange-code-cancel'));
    expect(screen.getByTestId('exchange-code-cancelled').textContent).toBe('Cancelled.');
    await waitFor(() => expect(sim.hungUp.map((r) => r.path)).toEqual(['/sns/oauth2/access_token']));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a js_code error belongs to that js_code: typing another clears it', async () => {
    const { user } = await setup({ apps: [{ app: FAKE_MINI_APP, label: 'Mini 小程序' }] });
    await user.click(await screen.findByTestId('tab-miniprogram'));
    await user.type(screen.getByTestId('js-code'), '0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p');
    await user.click(screen.getByTestId('jscode2session'));
    expect((await screen.findByRole('alert')).textContent).toContain('40029');
    await user.type(screen.getByTestId('js-code'), 'x');
    expect(screen.queryByRole('alert')).toBeNull();
    // Back to the code that failed: its answer is gone, not brought back.
    await user.type(screen.getByTestId('js-code'), '{Backspace}');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
