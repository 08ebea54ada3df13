import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { audited } from '../audit/audit-log';
import type { AppContext } from '../app-context';
import { DomainError, notFound } from '../errors';
import { toView, sealParams } from './datasource-secrets';
import type { DatasourceListInput, DatasourceView, datasourceCreateInput, datasourceUpdateInput } from './datasource';

export interface ConnectionTestResult {
  success: boolean;
  /** false when nothing was contacted (no connector for the type yet): not a failure of the connection. */
  contacted: boolean;
  message: string;
  latency_ms: number | null;
  database_info: { version: string | null; type: string } | null;
}

/** Connection management; every response is masked, every change audited. */
export function createDatasourcesService(app: AppContext, actor: string) {
  const { stores, database, keyring } = app;
  const audit = <T>(action: string, id: string | null, details: Record<string, unknown>, work: () => Promise<T>) =>
    audited(database, { actor, action, target_type: 'datasource', target_id: id, details }, work);

  return {
    async list(input: DatasourceListInput) {
      const page = await stores.datasources.list(input);
      return { ...page, items: page.items.map(toView) };
    },

    async get(id: string): Promise<DatasourceView | null> {
      const found = await stores.datasources.get(id);
      return found ? toView(found) : null;
    },

    create(input: z.output<typeof datasourceCreateInput>): Promise<DatasourceView> {
      const id = input.id ?? randomUUID();
      return audit('datasource.create', id, { type: input.type, name: input.name ?? id }, async () => {
        const { params } = sealParams(input.params, {}, keyring);
        const created = await stores.datasources.create({
          id,
          name: input.name ?? id,
          type: input.type,
          params,
          status: input.status ?? 'inactive',
          description: input.description ?? null,
          enabled: input.enabled ?? true,
          password_needs_reentry: false,
          extra: {},
          last_tested: null,
        });
        return toView(created);
      });
    },

    update(id: string, input: z.output<typeof datasourceUpdateInput>): Promise<DatasourceView> {
      return audit('datasource.update', id, { fields: Object.keys(input) }, async () => {
        const updated = await stores.datasources.update(id, (current) => {
          const sealed = input.params ? sealParams(input.params, current.params, keyring) : null;
          return {
            ...current,
            name: input.name ?? current.name,
            type: input.type ?? current.type,
            params: sealed?.params ?? current.params,
            status: input.status ?? current.status,
            description: input.description === undefined ? current.description : input.description,
            enabled: input.enabled ?? current.enabled,
            password_needs_reentry: current.password_needs_reentry && !sealed?.newSecretGiven,
          };
        });
        return toView(updated);
      });
    },

    /**
     * Records a test outcome (status + last_tested) without touching anything else. A test that
     * contacted nothing leaves the connection as it was: "not testable yet" is not "broken".
     */
    async recordTest(id: string, result: ConnectionTestResult): Promise<DatasourceView> {
      if (!result.contacted) {
        const found = await stores.datasources.get(id);
        if (!found) throw notFound('Connection', id);
        return toView(found);
      }
      return audit('datasource.test', id, { success: result.success }, async () =>
        toView(
          await stores.datasources.update(id, (current) => ({
            ...current,
            status: result.success ? 'active' : 'error',
            last_tested: new Date(),
          })),
        ),
      );
    },

    delete(id: string): Promise<DatasourceView> {
      return audit('datasource.delete', id, {}, async () => toView(await stores.datasources.delete(id)));
    },

    /**
     * Connection tests arrive with the connectors issue (5). Until then this answers honestly,
     * in the legacy shape, that the type cannot be tested yet.
     */
    async test(type: string): Promise<ConnectionTestResult> {
      return {
        success: false,
        contacted: false,
        message: `Testing ${type} connections is not available in this version of DuckQuery yet; the connection was not contacted.`,
        latency_ms: null,
        database_info: null,
      };
    },
  };
}

export type DatasourcesService = ReturnType<typeof createDatasourcesService>;
export { DomainError };
