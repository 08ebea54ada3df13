'use client';

import { Field, inputClass } from '@/components/ui/field';

/** The subset of JSON Schema the connector registry produces for params (zod's toJSONSchema). */
export interface ParamSchema {
  type?: string;
  enum?: string[];
  default?: unknown;
  description?: string;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
}
export interface ParamsSchema {
  properties?: Record<string, ParamSchema>;
  required?: string[];
}

export type ParamValues = Record<string, string | boolean>;

/** Marks a secret the user did not retype: the server keeps the stored one (docs/CONFIGURATION.md). */
export const KEEP_SECRET = '********';

const label = (key: string) => key.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());

/** Starting values: the connection's own params (secrets blank), else the schema's defaults. */
export function initialParamValues(schema: ParamsSchema, existing?: Record<string, unknown>): ParamValues {
  const values: ParamValues = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const current = existing?.[key] ?? prop.default;
    if (prop.writeOnly) values[key] = '';
    else if (prop.type === 'boolean') values[key] = current === true;
    else values[key] = current === undefined || current === null ? '' : String(current);
  }
  return values;
}

/**
 * Params as the server takes them: numbers as numbers, blank optional fields left out, and a
 * blank secret on an existing connection sent as the mask so the stored secret is kept.
 */
export function paramsForServer(schema: ParamsSchema, values: ParamValues, editing: boolean): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const value = values[key];
    if (prop.type === 'boolean') params[key] = value === true;
    else if (typeof value === 'string' && value === '') {
      if (prop.writeOnly && editing) params[key] = KEEP_SECRET;
      else if (prop.writeOnly || schema.required?.includes(key)) params[key] = '';
    } else if ((prop.type === 'integer' || prop.type === 'number') && typeof value === 'string') params[key] = Number(value);
    else params[key] = value;
  }
  return params;
}

/**
 * What a person can fix before anything is sent: required fields left empty, numbers out of
 * range. (The server checks the params again when testing or connecting.)
 */
export function paramProblemsBeforeSending(schema: ParamsSchema, values: ParamValues, editing: boolean): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const value = values[key];
    if (typeof value !== 'string') continue;
    if (value.trim() === '') {
      if (schema.required?.includes(key) && !(prop.writeOnly && editing)) problems[key] = 'Required';
      continue;
    }
    if (prop.type === 'integer' || prop.type === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || (prop.type === 'integer' && !Number.isInteger(n))) problems[key] = 'Must be a number';
      else if (prop.minimum !== undefined && n < prop.minimum) problems[key] = `At least ${prop.minimum}`;
      else if (prop.maximum !== undefined && n > prop.maximum) problems[key] = `At most ${prop.maximum}`;
    }
  }
  return problems;
}

/** One input per parameter, generated from the connector type's schema; secrets are password inputs, never prefilled. */
export function ParamsFormFields({
  schema,
  values,
  onChange,
  editing,
  problems,
}: {
  schema: ParamsSchema;
  values: ParamValues;
  onChange: (values: ParamValues) => void;
  editing: boolean;
  problems: Record<string, string>;
}) {
  const set = (key: string, value: string | boolean) => onChange({ ...values, [key]: value });
  return (
    <div className="grid grid-cols-2 gap-3">
      {Object.entries(schema.properties ?? {}).map(([key, prop]) => {
        const required = schema.required?.includes(key) ?? false;
        const hint = prop.description?.replace(' (secret)', '');
        if (prop.type === 'boolean') {
          return (
            <label key={key} className="col-span-2 flex items-center gap-2 text-sm">
              <input type="checkbox" checked={values[key] === true} onChange={(e) => set(key, e.target.checked)} />
              {label(key)}
              {hint && <span className="text-xs text-slate-500">— {hint}</span>}
            </label>
          );
        }
        return (
          <div key={key} className={key === 'ssl_ca' || key === 'database' || key === 'host' ? 'col-span-2' : ''}>
            <Field label={`${label(key)}${required ? ' *' : ''}`} hint={hint} error={problems[key]}>
              {prop.enum ? (
                <select value={String(values[key] ?? '')} onChange={(e) => set(key, e.target.value)} className={inputClass}>
                  {prop.enum.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : key === 'ssl_ca' ? (
                <textarea value={String(values[key] ?? '')} onChange={(e) => set(key, e.target.value)} rows={2} className={`${inputClass} font-mono text-xs`} />
              ) : (
                <input
                  type={prop.writeOnly ? 'password' : prop.type === 'integer' || prop.type === 'number' ? 'number' : 'text'}
                  autoComplete={prop.writeOnly ? 'new-password' : 'off'}
                  placeholder={prop.writeOnly && editing ? 'unchanged' : undefined}
                  min={prop.minimum}
                  max={prop.maximum}
                  value={String(values[key] ?? '')}
                  onChange={(e) => set(key, e.target.value)}
                  className={inputClass}
                />
              )}
            </Field>
          </div>
        );
      })}
    </div>
  );
}
