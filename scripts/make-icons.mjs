#!/usr/bin/env node
/**
 * Renders the app icon set for electron-builder from the renderer's favicon (one drawing for the
 * tab, the window and the installers): build/icon.png (1024 px; electron-builder derives the
 * macOS .icns and the Windows .ico from it) and build/icons/<n>x<n>.png (Linux).
 * Run it after changing src/renderer/public/favicon.svg; the PNGs are committed, so packaging
 * needs no browser. Uses the system Chromium, like the e2e tests.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const svg = await readFile(join(root, 'src/renderer/public/favicon.svg'), 'utf8');
const out = join(root, 'build');
const sizes = [16, 32, 48, 64, 128, 256, 512, 1024];

const browser = await chromium.launch({
  executablePath: process.env.WXCRED_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  await mkdir(join(out, 'icons'), { recursive: true });
  for (const size of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    // The SVG scales to the viewport; no network, no script: the page is only the drawing.
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await writeFile(join(out, 'icons', `${size}x${size}.png`), png);
    if (size === 1024) await writeFile(join(out, 'icon.png'), png);
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(`make-icons: ${sizes.length} sizes in build/icons, build/icon.png\n`);
