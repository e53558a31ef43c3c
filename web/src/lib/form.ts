// Form state with the spec's validation timing: a field is checked when it
// loses focus, and only if its value changed since it was last checked; all
// fields are checked on submit.
import { useCallback, useRef, useState, type ChangeEvent } from 'react';

export type Values<K extends string> = Record<K, string>;
export type Errors<K extends string> = Partial<Record<K, string>>;
export type Validators<K extends string> = Partial<Record<K, (values: Values<K>) => string | undefined>>;

export function validateAll<K extends string>(values: Values<K>, validators: Validators<K>): Errors<K> {
  const errors: Errors<K> = {};
  for (const name of Object.keys(validators) as K[]) {
    const msg = validators[name]?.(values);
    if (msg) errors[name] = msg;
  }
  return errors;
}

export function useForm<K extends string>(initial: Values<K>, validators: Validators<K> = {}) {
  const [values, setValues] = useState<Values<K>>(initial);
  const [errors, setErrors] = useState<Errors<K>>({});
  // The value each field had when it was last checked.
  const checked = useRef<Partial<Values<K>>>({ ...initial });
  const valuesRef = useRef(values);
  valuesRef.current = values;

  const setValue = useCallback((name: K, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    // A field being edited drops its message until it is checked again.
    setErrors((e) => (e[name] ? { ...e, [name]: undefined } : e));
  }, []);

  const check = useCallback(
    (name: K) => {
      const current = valuesRef.current;
      if (checked.current[name] === current[name]) return;
      checked.current[name] = current[name];
      const msg = validators[name]?.(current);
      setErrors((e) => ({ ...e, [name]: msg }));
    },
    [validators],
  );

  /** Checks every field; true when all pass. */
  const validate = useCallback((): boolean => {
    const current = valuesRef.current;
    checked.current = { ...current };
    const next = validateAll(current, validators);
    setErrors(next);
    return Object.values(next).every((m) => !m);
  }, [validators]);

  const reset = useCallback((next: Values<K>) => {
    checked.current = { ...next };
    setValues(next);
    setErrors({});
  }, []);

  /** Props for an Input bound to one field. */
  const field = (name: K) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setValue(name, e.target.value),
    onBlur: () => check(name),
  });

  const filled = (Object.keys(values) as K[]).every((k) => values[k].trim() !== '');

  return { values, errors, setErrors, setValue, validate, reset, field, filled };
}

/** Server field errors mapped onto form fields (server name -> form name). */
export function fieldErrorsFrom<K extends string>(fields: Record<string, string>, map: Record<string, K>): Errors<K> {
  const out: Errors<K> = {};
  for (const [serverName, msg] of Object.entries(fields)) {
    const name = map[serverName];
    if (name) out[name] = msg;
  }
  return out;
}
