'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNote } from '@/components/ui/error-note';
import { Field, inputClass, TextInput } from '@/components/ui/field';
import { errorData } from '@/components/ui/trpc-error';
import { useTRPC } from '@/trpc/react';
import type { RouterOutputs } from '@/trpc/router-types';
import { initialParamValues, paramProblemsBeforeSending, ParamsFormFields, paramsForServer, type ParamsSchema, type ParamValues } from './params-form-fields';
import { TestResultNote } from './test-result-note';

type ConnectorType = RouterOutputs['datasources']['connectorTypes'][number];
type Connection = RouterOutputs['datasources']['list']['items'][number];

/** The server names each bad parameter in details.problems (connectors/registry.ts). */
function paramProblems(error: unknown): Record<string, string> {
  const problems = errorData(error).details?.problems;
  if (!Array.isArray(problems)) return {};
  return Object.fromEntries(problems.map((p: { path?: string; message?: string }) => [String(p.path ?? ''), String(p.message ?? '')]));
}

/** New or edit connection: a form generated from the connector type's parameter schema, with Test and Save. */
export function ConnectionFormDialog({ types, existing, onClose, onSaved }: { types: ConnectorType[]; existing: Connection | null; onClose: () => void; onSaved: (id: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [type, setType] = useState(existing?.type ?? types[0]?.type ?? 'postgresql');
  const connector = types.find((t) => t.type === type);
  const schema = (connector?.params_schema ?? {}) as ParamsSchema;
  const [name, setName] = useState(existing?.name ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [values, setValues] = useState<ParamValues>(() => initialParamValues(schema, existing?.params));
  const [localProblems, setLocalProblems] = useState<Record<string, string>>({});
  const editing = existing !== null;

  const test = useMutation(trpc.datasources.testParams.mutationOptions());
  const onSuccess = async (saved: Connection) => {
    await queryClient.invalidateQueries({ queryKey: trpc.datasources.pathKey() });
    onSaved(saved.id);
  };
  const create = useMutation(trpc.datasources.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.datasources.update.mutationOptions({ onSuccess }));
  const save = editing ? update : create;

  const changeType = (next: string) => {
    setType(next);
    setValues(initialParamValues((types.find((t) => t.type === next)?.params_schema ?? {}) as ParamsSchema));
    test.reset();
  };

  const params = () => paramsForServer(schema, values, editing);
  /** Shows what to fix beside each field; true when the params may be sent. */
  const checked = () => {
    const found = paramProblemsBeforeSending(schema, values, editing);
    setLocalProblems(found);
    return Object.keys(found).length === 0;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!checked()) return;
    const body = { name: name.trim() || undefined, description: description.trim() || null, params: params() };
    if (existing) update.mutate({ id: existing.id, patch: body });
    else create.mutate({ ...body, type: type as 'postgresql' });
  };
  // An edited connection whose secret is left blank has only the stored secret: test the saved connection then.
  const secretsBlank = Object.entries(schema.properties ?? {}).some(([key, prop]) => prop.writeOnly && values[key] === '');
  const testStored = useMutation(trpc.datasources.test.mutationOptions());
  const runTest = () => {
    if (existing && secretsBlank) {
      test.reset();
      testStored.mutate({ id: existing.id });
    } else if (checked()) {
      testStored.reset();
      test.mutate({ type, params: params() });
    }
  };
  const testResult = test.data ?? testStored.data?.result;
  const problems = { ...paramProblems(test.error), ...paramProblems(save.error), ...localProblems };

  return (
    <Dialog title={editing ? `Edit ${existing.name}` : 'New connection'} onClose={onClose} wide>
      <form onSubmit={submit} className="space-y-4">
        <div className="grid grid-cols-2 gap-3">
          <Field label="Type">
            <select value={type} onChange={(e) => changeType(e.target.value)} disabled={editing} className={inputClass} aria-label="Connection type">
              {types.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Name">
            <TextInput value={name} onChange={(e) => setName(e.target.value)} placeholder={`My ${connector?.label ?? type} database`} />
          </Field>
          <div className="col-span-2">
            <Field label="Description">
              <TextInput value={description} onChange={(e) => setDescription(e.target.value)} />
            </Field>
          </div>
        </div>
        <fieldset className="space-y-2">
          <legend className="mb-2 text-sm font-semibold">{connector?.label ?? type} parameters</legend>
          <ParamsFormFields schema={schema} values={values} onChange={setValues} editing={editing} problems={problems} />
        </fieldset>
        {testResult && <TestResultNote result={testResult} />}
        <ErrorNote error={test.error ?? testStored.error} />
        <ErrorNote error={save.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button onClick={runTest} disabled={test.isPending || testStored.isPending}>
            {test.isPending || testStored.isPending ? 'Testing…' : existing && secretsBlank ? 'Test saved connection' : 'Test connection'}
          </Button>
          <Button type="submit" variant="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : editing ? 'Save changes' : 'Save connection'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
