import { z } from 'zod';
import { badInput } from '../errors';
import type { Connector } from './connector';
import { duckdbFileConnector } from './duckdb-file-connector';
import { mysqlConnector } from './mysql-connector';
import { postgresqlConnector } from './postgresql-connector';
import { sqliteConnector } from './sqlite-connector';

/** Every connector type; adding one is a module and a line here. */
const CONNECTORS: readonly Connector<any>[] = [postgresqlConnector, mysqlConnector, sqliteConnector, duckdbFileConnector]; // eslint-disable-line @typescript-eslint/no-explicit-any

export function findConnector(type: string): Connector | null {
  return CONNECTORS.find((c) => c.type === type) ?? null;
}

export function connectorFor(type: string): Connector {
  const connector = findConnector(type);
  if (!connector) throw badInput(`Connections of type '${type}' cannot be opened; supported types: ${CONNECTORS.map((c) => c.type).join(', ')}`, { type });
  return connector;
}

export interface ConnectorTypeInfo {
  type: string;
  label: string;
  secret_fields: string[];
  /** JSON Schema (2020-12) of the params, for forms; defaults filled in, secrets marked `writeOnly`. */
  params_schema: Record<string, unknown>;
}

/** The registered types and their parameter schemas, as a form (or the OpenAPI document) needs them. */
export function connectorTypes(): ConnectorTypeInfo[] {
  return CONNECTORS.map((c) => ({
    type: c.type,
    label: c.label,
    secret_fields: [...c.secretFields],
    params_schema: paramsJsonSchema(c),
  }));
}

export function paramsJsonSchema(connector: Connector): Record<string, unknown> {
  const schema = z.toJSONSchema(connector.params, { io: 'input', unrepresentable: 'any' }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const field of connector.secretFields) if (schema.properties?.[field]) schema.properties[field].writeOnly = true;
  delete schema.$schema;
  return schema;
}

/** Params a client sends for a type with a connector: BAD_INPUT naming each problem when they do not fit. */
export function checkConnectorParams(type: string, params: Record<string, unknown>): void {
  const connector = findConnector(type);
  if (!connector) return; // a legacy type without a connector is stored as it is
  const parsed = connector.params.safeParse(params);
  if (parsed.success) return;
  const problems = parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'params', message: i.message }));
  throw badInput(`The ${connector.label} connection parameters are not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { problems });
}
