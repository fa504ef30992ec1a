import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeOf, resolveAppAsset } from '../../src/core/assets';

const root = resolve('/srv/wxcred/out/renderer');

describe('resolveAppAsset', () => {
  it.each([
    ['app://wxcred/', join(root, 'index.html')],
    ['app://wxcred/index.html', join(root, 'index.html')],
    ['app://wxcred/assets/index-abc.js?v=1', join(root, 'assets/index-abc.js')],
  ])('%s → a file under the renderer root', (url, expected) => expect(resolveAppAsset(root, url)).toBe(expected));

  it.each([
    'app://wxcred/../../etc/passwd',
    'app://wxcred/%2e%2e/%2e%2e/etc/passwd',
    'app://wxcred/assets/%2e%2e%2f%2e%2e%2f..%2fsecret',
    'app://wxcred/..%2f..%2f..%2fetc%2fpasswd',
  ])('never resolves %s outside the renderer root', (url) => {
    const file = resolveAppAsset(root, url);
    expect(file === null || file.startsWith(root + '/')).toBe(true);
  });

  it.each([
    'app://wxcred/%00.js',
    'app://wxcred/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'garbage',
  ])('refuses %s', (url) => expect(resolveAppAsset(root, url)).toBeNull());

  it('serves JavaScript and HTML with their real types', () => {
    expect(mimeTypeOf('a/b.js')).toMatch(/javascript/);
    expect(mimeTypeOf('index.html')).toMatch(/text\/html/);
    expect(mimeTypeOf('x.bin')).toBe('application/octet-stream');
  });
});
