import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UserProfile } from '../../../src/contract';
import { ProfileCard, safeAvatarUrl } from '../../../src/renderer/ui/ProfileCard';
import { UserInfoTab } from '../../../src/renderer/features/userinfo/UserInfoTab';
import { FAKE_APP, setup, type Rig } from '../support/harness';

/**
 * A profile as the core returns it from /sns/userinfo (a 网页授权 user) or /cgi-bin/user/info
 * (a follower), then changed where a test needs WeChat to have left something out.
 */
async function realProfile(rig: Pick<Rig, 'call' | 'sim' | 'profiles'>, source: UserProfile['source']): Promise<UserProfile> {
  const profileId = rig.profiles[0]!.id;
  const user = rig.sim.addUser(FAKE_APP.appid, { nickname: '小明' });
  if (source === 'cgi-user-info') return rig.call('userInfo', { profileId, openid: user.openid });
  const { code } = rig.sim.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_userinfo', openid: user.openid });
  const session = await rig.call('exchangeOAuthCode', { profileId, code });
  return rig.call('oauthUserInfo', { sessionId: session.id });
}

/** Renders a ProfileCard of a real profile, changed by `change`. */
async function card(change: (profile: UserProfile) => UserProfile, source: UserProfile['source'] = 'sns-userinfo') {
  let profile: UserProfile | undefined;
  const rig = await setup(
    {
      apps: [{ app: FAKE_APP }],
      before: async (core) => {
        profile = change(await realProfile(core, source));
      },
    },
    () => <ProfileCard profile={profile!} />,
  );
  return { rig, profile: profile! };
}

const field = (name: string) => screen.getByTestId(`profile-${name}`).textContent;

describe('ProfileCard', () => {
  it('shows every field; what WeChat left out reads “not returned”, never blank', async () => {
    const { profile } = await card((p) => ({
      ...p,
      nickname: null,
      headimgurl: null,
      sex: null,
      country: '',
      province: '广东',
      city: null,
      unionid: null,
      privilege: null,
      isSnapshotUser: null,
      raw: { openid: p.openid },
    }));
    expect(screen.getByTestId('profile-nickname').textContent).toBe('not returned');
    expect(field('unionid')).toBe('not returned');
    expect(field('sex')).toBe('not returned');
    expect(field('city')).toBe('not returned');
    expect(field('headimgurl')).toBe('not returned');
    expect(field('privilege')).toBe('not returned');
    expect(field('snapshot')).toBe('not returned');
    expect(field('country')).toBe('(empty)'); // sent, but empty: a different thing
    expect(field('province')).toBe('广东');
    expect(field('openid')).toContain(profile.openid);
    for (const dd of screen.getByTestId('profile-card').querySelectorAll('dd')) expect(dd.textContent?.trim()).not.toBe('');
    expect(screen.getByTestId('profile-avatar-placeholder').getAttribute('aria-label')).toBe('No avatar');
    expect(JSON.parse(screen.getByTestId('raw-json').textContent ?? '')).toEqual({ openid: profile.openid });
  });

  it('shows the profile /sns/userinfo gave as it is: sex 0 and empty regions since 2021', async () => {
    const { profile } = await card((p) => p);
    expect(profile.source).toBe('sns-userinfo');
    expect(field('nickname')).toContain('小明');
    expect(field('sex')).toBe('unknown');
    expect(field('country')).toBe('(empty)');
    expect(field('openid')).toContain(profile.openid);
    expect(JSON.parse(screen.getByTestId('raw-json').textContent ?? '')).toMatchObject({ openid: profile.openid, nickname: '小明' });
  });

  it('localizes sex and offers copy on every id', async () => {
    const { rig, profile } = await card((p) => ({ ...p, sex: 2, unionid: 'oUnion_789' }));
    const { user } = rig;
    expect(field('sex')).toBe('female');
    await user.click(screen.getByTestId('profile-unionid').querySelector('button')!);
    expect(await navigator.clipboard.readText()).toBe('oUnion_789');
    await user.click(screen.getByTestId('profile-openid').querySelector('button')!);
    expect(await navigator.clipboard.readText()).toBe(profile.openid);
  });

  it('loads an avatar only from https://thirdwx.qlogo.cn or https://wx.qlogo.cn', async () => {
    const { rig, profile } = await card((p) => p);
    const img = screen.getByTestId('profile-avatar');
    expect(profile.headimgurl).toMatch(/^https:\/\/thirdwx\.qlogo\.cn\//);
    expect(img.getAttribute('src')).toBe(profile.headimgurl);
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    rig.unmount();

    await setup({}, <ProfileCard profile={{ ...profile, headimgurl: 'https://evil.example.com/a.png' }} />);
    expect(screen.queryByTestId('profile-avatar')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByTestId('profile-avatar-placeholder')).toBeTruthy();
    expect(screen.getByTestId('profile-avatar-refused').textContent).toContain('only https://thirdwx.qlogo.cn and https://wx.qlogo.cn');
    expect(field('headimgurl')).toContain('https://evil.example.com/a.png'); // still shown as text

    expect(safeAvatarUrl('http://thirdwx.qlogo.cn/mmopen/x/132')).toBeNull();
    expect(safeAvatarUrl('https://wx.qlogo.cn/mmopen/x/0')).toBe('https://wx.qlogo.cn/mmopen/x/0');
    expect(safeAvatarUrl('https://thirdwx.qlogo.cn.evil.com/x')).toBeNull();
    expect(safeAvatarUrl('https://user@evil.com/thirdwx.qlogo.cn')).toBeNull();
    expect(safeAvatarUrl('javascript:alert(1)')).toBeNull();
  });

  it('user-management profiles show subscription details instead of privilege and snapshot', async () => {
    // A follower as /cgi-bin/user/info describes one: subscribed, no tags, an empty remark.
    await card((p) => p, 'cgi-user-info');
    expect(field('subscribe')).toBe('yes (subscribe = 1)');
    expect(field('subscribe-scene')).toBe('ADD_SCENE_QR_CODE');
    expect(field('tags')).toBe('none');
    expect(field('remark')).toBe('(empty)');
    expect(screen.queryByTestId('profile-privilege')).toBeNull();
    expect(screen.queryByTestId('profile-snapshot')).toBeNull();
  });

  it('speaks Chinese too', async () => {
    localStorage.setItem('wxcred.lang', 'zh-CN');
    await card((p) => ({ ...p, sex: 1, unionid: null }));
    expect(field('sex')).toBe('男');
    expect(field('unionid')).toBe('未返回');
  });
});

describe('user info tab', () => {
  it('looks up an openid with cgi-bin/user/info and says nickname and avatar are no longer returned', async () => {
    const { user, callsTo, profiles, sim } = await setup(
      { apps: [{ app: FAKE_APP }], before: async ({ sim }) => void sim.addUser(FAKE_APP.appid, { openid: 'oFollower_1', nickname: '小明' }) },
      (rig) => <UserInfoTab profile={rig.profiles[0]!} />,
    );
    expect(screen.getByTestId('userinfo-note').textContent).toContain('2021-12-27');
    await user.type(screen.getByLabelText('openid'), 'bad openid!');
    expect(screen.getByTestId('openid-problem')).toBeTruthy();
    expect(screen.getByTestId('userinfo-get').hasAttribute('disabled')).toBe(true);

    await user.clear(screen.getByLabelText('openid'));
    await user.type(screen.getByLabelText('openid'), 'oFollower_1');
    await user.selectOptions(screen.getByLabelText('lang'), 'zh_TW');
    await user.click(screen.getByTestId('userinfo-get'));
    const card = await screen.findByTestId('profile-card');
    expect(card.dataset.source).toBe('cgi-user-info');
    // WeChat has the nickname but no longer sends it here.
    expect(screen.getByTestId('profile-nickname').textContent).toBe('not returned');
    expect(callsTo('userInfo')).toEqual([{ profileId: profiles[0]!.id, openid: 'oFollower_1', lang: 'zh_TW' }]);
    expect(sim.requests.find((r) => r.path === '/cgi-bin/user/info')?.query).toMatchObject({ openid: 'oFollower_1', lang: 'zh_TW' });
  });
});
