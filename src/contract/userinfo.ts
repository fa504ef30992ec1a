/** One profile shape for every source of WeChat user data. */
import type { Route } from './errors';

/** One shape for every source of user data; a field WeChat did not return is null. */
export interface UserProfile {
  source: 'sns-userinfo' | 'cgi-user-info';
  openid: string;
  unionid: string | null;
  nickname: string | null;
  headimgurl: string | null;
  sex: number | null;
  country: string | null;
  province: string | null;
  city: string | null;
  privilege: string[] | null;
  isSnapshotUser: boolean | null;
  subscribe: number | null;
  subscribeTime: number | null;
  subscribeScene: string | null;
  tagIds: number[] | null;
  remark: string | null;
  language: string | null;
  raw: Record<string, unknown>;
  route: Route;
}
