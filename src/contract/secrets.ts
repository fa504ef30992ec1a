/** What the renderer may know about a stored secret: whether there is one, and its last characters. */

export interface SecretStatus {
  stored: boolean;
  /** At most the last 4 characters, so a developer can tell which secret is stored. */
  hint: string | null;
  /** The stored secret is not WeChat's usual 32 hexadecimal characters: stored anyway, worth a second look. */
  unusualShape?: boolean;
  /** setSecret only: whitespace around the typed secret was removed before storing it. */
  trimmed?: boolean;
}
