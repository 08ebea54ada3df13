import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { audited } from '../audit/audit-log';
import type { AppContext } from '../app-context';
import { DomainError, notFound } from '../errors';
import { toView, sealParams } from './datasource-secrets';
import { createConnectorsService, type ConnectionTestResult } from '../connectors/connectors-service';
import { closeSession } from '../connectors/session-cache';
import { findConnector } from '../connectors/registry';
import type { DatasourceListInput, DatasourceView, datasourceCreateInput, datasourceUpdateInput } from './datasource';

export type { ConnectionTestResult };

/** Connection management; every response is masked, every change audited. */
export function createDatasourcesService(app: AppContext, actor: string) {
  const { stores, database, keyring } = app;
  const connectors = createConnectorsService(app);
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
        const { params } = sealParams(input.params, {}, keyring, input.type);
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
          const sealed = input.params ? sealParams(input.params, current.params, keyring, input.type ?? current.type) : null;
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
        await closeSession(id); // its pool was opened with the old params
        return toView(updated);
      });
    },

    /**
     * Records a test outcome (status + last_tested) without touching anything else. A type no
     * connector handles (legacy `file`, `csv`…) was not tested at all: "not testable" is not
     * "broken", so such a connection stays as it was. Invalid params or a password to re-enter
     * are failures of the connection as saved: status 'error'.
     */
    async recordTest(id: string, result: ConnectionTestResult): Promise<DatasourceView> {
      const found = await stores.datasources.get(id);
      if (!found) throw notFound('Connection', id);
      if (!result.contacted && !findConnector(found.type)) return toView(found);
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
      return audit('datasource.delete', id, {}, async () => {
        const deleted = await stores.datasources.delete(id);
        await closeSession(id);
        return toView(deleted);
      });
    },

    /** Tests unsaved params (plain-text secrets, as a form sends them): version, latency, or the error in plain words. */
    testParams(type: string, params: Record<string, unknown>): Promise<ConnectionTestResult> {
      return connectors.testParams(type, params);
    },

    /** Tests a saved connection (it is not changed; see recordTest). */
    async testStored(id: string): Promise<ConnectionTestResult> {
      const found = await stores.datasources.get(id);
      if (!found) throw notFound('Connection', id);
      return connectors.testStored(found);
    },
  };
}

export type DatasourcesService = ReturnType<typeof createDatasourcesService>;
export { DomainError };
