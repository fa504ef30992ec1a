/** Categories a developer thinks in when WeChat says no. */
export const errcodeCategories = [
  'credential',
  'ip-whitelist',
  'quota-rate',
  'oauth',
  'mini-program',
  'permission',
  'parameter',
  'system',
] as const;
export type ErrcodeCategory = (typeof errcodeCategories)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** One row of the built-in errcode table. */
export interface ErrcodeEntry {
  code: number;
  /** WeChat's own Chinese description; null where WeChat publishes only English. */
  zh: string | null;
  /** Short English meaning; `enSource` says whose words these are. */
  en: string;
  enSource: 'official' | 'wechatpy-enum' | 'gloss';
  category: ErrcodeCategory;
  docUrl: string | null;
  /** Set where public sources disagree about this code (40125, 61004). */
  conflict: Bilingual | null;
  /** wxcred's own guidance, written for the codes developers hit most. */
  cause: Bilingual | null;
  fix: Bilingual | null;
}

/** What can be read out of an errmsg; every field is optional because WeChat's shapes vary. */
export interface ErrmsgParts {
  ip?: string;
  ipv6?: string;
  rid?: string;
  hint?: string;
  link?: string;
  /** errmsg with the machine parts (rid, hint, link) stripped: the human sentence. */
  text: string;
}
