// Loader hooks for register.mjs: notes each file: URL as it is loaded.
import { appendFileSync } from 'node:fs';
import process from 'node:process';

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(process.env.WXCRED_LOAD_LOG, `${url}\n`);
  return nextLoad(url, context);
}
