/** The user's settings: refresh margin and network limits. */

export interface Settings {
  /** Fetch a new token when less than this is left. */
  refreshMarginMinutes: number;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  deadlineMs: number;
  maxBodyBytes: number;
}
