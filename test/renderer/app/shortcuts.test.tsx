import { describe, expect, it } from 'vitest';
import { tabKeyTarget } from '../../../src/renderer/app/shortcuts';

describe('tab keys', () => {
  const ids = ['token', 'oauth', 'account'];
  it('arrows wrap around, Home and End go to the ends, other keys do nothing', () => {
    expect(tabKeyTarget('ArrowRight', ids, 'token')).toBe('oauth');
    expect(tabKeyTarget('ArrowRight', ids, 'account')).toBe('token');
    expect(tabKeyTarget('ArrowLeft', ids, 'token')).toBe('account');
    expect(tabKeyTarget('Home', ids, 'account')).toBe('token');
    expect(tabKeyTarget('End', ids, 'token')).toBe('account');
    expect(tabKeyTarget('a', ids, 'token')).toBeNull();
  });
});
