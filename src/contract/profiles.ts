/** A saved app: which WeChat app it is and where its calls go. Its secret lives in the keychain. */
import type { ApiDomain, AppKind } from './constants';

export interface Profile {
  id: string;
  label: string;
  appid: string;
  kind: AppKind;
  domain: ApiDomain;
  customBase: string | null;
  proxy: string | null;
  autoRefresh: boolean;
  createdAt: string;
}
