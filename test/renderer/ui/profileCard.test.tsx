import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProfileCard, safeAvatarUrl } from '../../../src/renderer/ui/ProfileCard';
import { UserInfoTab } from '../../../src/renderer/features/userinfo/UserInfoTab';
import { makeProfile, profileId } from '../support/fakeBridge';
import { makeUserProfile } from '../support/fakeOAuth';
import { setup } from '../support/harness';

const field = (name: string) => screen.getByTestId(`profile-${name}`).textContent;

describe('ProfileCard', () => {
  it('shows every field; what WeChat left out reads “not returned”, never blank', () => {
    const profile = makeUserProfile({
      nickname: null,
      headimgurl: null,
      sex: null,
      country: '',
      city: null,
      unionid: null,
      privilege: null,
      isSnapshotUser: null,
      raw: { openid: 'oUser_openid_123' },
    });
    setup({}, <ProfileCard profile={profile} />);
    expect(screen.getByTestId('profile-nickname').textContent).toBe('not returned');
    expect(field('unionid')).toBe('not returned');
    expect(field('sex')).toBe('not returned');
    expect(field('city')).toBe('not returned');
    expect(field('headimgurl')).toBe('not returned');
    expect(field('privilege')).toBe('not returned');
    expect(field('snapshot')).toBe('not returned');
    expect(field('country')).toBe('(empty)'); // sent, but empty: a different thing
    expect(field('province')).toBe('广东');
    expect(field('openid')).toContain('oUser_openid_123');
    for (const dd of screen.getByTestId('profile-card').querySelectorAll('dd')) expect(dd.textContent?.trim()).not.toBe('');
    expect(screen.getByTestId('profile-avatar-placeholder').getAttribute('aria-label')).toBe('No avatar');
    expect(JSON.parse(screen.getByTestId('raw-json').textContent ?? '')).toEqual({ openid: 'oUser_openid_123' });
  });

  it('localizes sex and offers copy on every id', async () => {
    const { user } = setup({}, <ProfileCard profile={makeUserProfile({ sex: 2, unionid: 'oUnion_789' })} />);
    expect(field('sex')).toBe('female');
    await user.click(screen.getByTestId('profile-unionid').querySelector('button')!);
    expect(await navigator.clipboard.readText()).toBe('oUnion_789');
    await user.click(screen.getByTestId('profile-openid').querySelector('button')!);
    expect(await navigator.clipboard.readText()).toBe('oUser_openid_123');
  });

  it('loads an avatar only from https://thirdwx.qlogo.cn or https://wx.qlogo.cn', () => {
    const { unmount } = setup({}, <ProfileCard profile={makeUserProfile()} />);
    const img = screen.getByTestId('profile-avatar');
    expect(img.getAttribute('src')).toBe('https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    unmount();

    setup({}, <ProfileCard profile={makeUserProfile({ headimgurl: 'https://evil.example.com/a.png' })} />);
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

  it('user-management profiles show subscription details instead of privilege and snapshot', () => {
    setup(
      {},
      <ProfileCard
        profile={makeUserProfile({
          source: 'cgi-user-info',
          subscribe: 1,
          subscribeTime: 1735722000,
          subscribeScene: 'ADD_SCENE_QR_CODE',
          tagIds: [],
          remark: '',
          language: 'zh_CN',
        })}
      />,
    );
    expect(field('subscribe')).toBe('yes (subscribe = 1)');
    expect(field('subscribe-scene')).toBe('ADD_SCENE_QR_CODE');
    expect(field('tags')).toBe('none');
    expect(field('remark')).toBe('(empty)');
    expect(screen.queryByTestId('profile-privilege')).toBeNull();
    expect(screen.queryByTestId('profile-snapshot')).toBeNull();
  });

  it('speaks Chinese too', () => {
    localStorage.setItem('wxcred.lang', 'zh-CN');
    setup({}, <ProfileCard profile={makeUserProfile({ sex: 1, unionid: null })} />);
    expect(field('sex')).toBe('男');
    expect(field('unionid')).toBe('未返回');
  });
});

describe('user info tab', () => {
  it('looks up an openid with cgi-bin/user/info and says nickname and avatar are no longer returned', async () => {
    const official = makeProfile();
    const { user, fake } = setup(
      { profiles: [official], oauth: { user: { nickname: null, headimgurl: null, subscribe: 1 } } },
      <UserInfoTab profile={official} />,
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
    expect(screen.getByTestId('profile-nickname').textContent).toBe('not returned');
    expect(fake.callsTo('userInfo')).toEqual([{ profileId: profileId(1), openid: 'oFollower_1', lang: 'zh_TW' }]);
  });
});
