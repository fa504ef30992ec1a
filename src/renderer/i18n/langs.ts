export const langs = ['en', 'zh-CN'] as const;
export type Lang = (typeof langs)[number];
