import type { WxError } from '../../contract/errors';

export interface FieldIssues<F extends string> {
  /** The first message main gave for each of the form's fields. */
  byField: Partial<Record<F, string>>;
  /** The error still needs the error view: not a validation error, or one naming other paths. */
  unplaced: boolean;
}

/**
 * Places a validation error's issues under the form fields they name, so "redirect_uri must be
 * https" shows beside the redirect_uri input. Anything else goes to the one error view.
 */
export function fieldIssues<F extends string>(error: WxError | null | undefined, fields: readonly F[]): FieldIssues<F> {
  const byField: Partial<Record<F, string>> = {};
  if (!error) return { byField, unplaced: false };
  if (error.kind !== 'validation') return { byField, unplaced: true };
  let unplaced = error.issues.length === 0;
  for (const issue of error.issues) {
    const field = fields.find((f) => f === issue.path);
    if (field === undefined) unplaced = true;
    else byField[field] ??= issue.message;
  }
  return { byField, unplaced };
}
