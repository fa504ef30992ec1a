/**
 * In production the renderer is served from app://wxcred/ rather than file://, so it has a real
 * origin, a CSP header, and no way to read arbitrary files. Path resolution lives here, outside
 * Electron, so it can be tested against traversal tricks.
 */
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'wxcred';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const mimeTypeOf = (path: string): string => mimeTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';

/** The file under `root` a request URL names, or null if it is not ours or escapes `root`. */
export function resolveAppAsset(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return assetPath(root, url.pathname);
}

/**
 * The file under `root` a URL path names ("/" is index.html), for the app:// protocol and web
 * mode alike; null when the path does not decode, holds a NUL, or escapes `root`.
 */
export function assetPath(root: string, urlPath: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(base + sep) ? file : null;
}
