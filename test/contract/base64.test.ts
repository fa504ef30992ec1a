import { describe, expect, it } from 'vitest';
import { BASE64_PLUS_AS_SPACE } from '../../src/contract/constants';
import { api } from '../../src/contract/schema';

const request = (encryptedData: string, iv = 'r7BXXKkLb8qrSNn05n0qiA==') => ({
  profileId: '00000000-0000-4000-8000-000000000001',
  sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
  encryptedData,
  iv,
});

const messages = (value: unknown) => {
  const parsed = api.decryptUserData.request.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('base64 fields', () => {
  it('accept base64', () => {
    expect(messages(request('CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZM+QYQ/8A=='))).toEqual([]);
  });

  it("name a '+' turned into a space by URL decoding, instead of calling the value truncated", () => {
    expect(messages(request('CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZM QYQ/8A=='))).toEqual([`encryptedData: ${BASE64_PLUS_AS_SPACE}`]);
    expect(messages(request('CiyLU1Aw2Kjv', 'r7BXXKkLb8qrSNn05n0 iA=='))).toEqual([`iv: ${BASE64_PLUS_AS_SPACE}`]);
  });

  it('still call other junk not base64', () => {
    expect(messages(request('not*base64'))).toEqual(['encryptedData: Expected base64 (A–Z, a–z, 0–9, +, /, =).']);
  });
});
