/**
 * One labelled monospace field in a `.form-grid`: the label cell, the input (or a textarea when
 * `rows` is given) and the field's problem under it. For pasted machine values — codes, keys,
 * base64 — where spellcheck and autocomplete only get in the way.
 */
export interface MonoFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A textarea of this many rows; a single-line input without it. */
  rows?: number;
  problem?: string | null;
  /** More problems shown under the field (e.g. the session_key the request also carried). */
  extra?: React.ReactNode;
  testId?: string;
}

export function MonoField({ id, label, value, onChange, rows, problem, extra, testId }: MonoFieldProps) {
  const common = {
    id,
    value,
    spellCheck: false,
    'aria-invalid': problem ? true : undefined,
    'data-testid': testId,
  } as const;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div>
        {rows ? (
          <textarea {...common} className="mono" rows={rows} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input {...common} className="mono wide" autoComplete="off" onChange={(e) => onChange(e.target.value)} />
        )}
        {problem ? <p className="field-problem">{problem}</p> : null}
        {extra}
      </div>
    </>
  );
}
