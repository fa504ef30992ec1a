/**
 * What the UI may show of a stored AppSecret: its last 4 characters, enough to tell two secrets
 * apart without revealing one. Counts code points so a hint never splits a character.
 */
export function secretHint(secret: string): string {
  return Array.from(secret).slice(-4).join('');
}
