import { z } from 'zod';
import { v1ConnectorType, v1CreateBody, v1Datasource, v1DatasourcePage, v1Error, v1ImportBody, v1ImportResult, v1ListQuery, v1UpdateBody, v1ValidateResult, v1ValidationError } from './v1-schemas';

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, without its own $schema key. */
function schema(s: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
const errors = {
  '401': { description: 'Not signed in (access control on)', ...json('Error') },
  '403': { description: 'Forbidden (role, or a cross-site request)', ...json('Error') },
  '422': { description: 'The body or query does not validate', ...json('ValidationError') },
  '429': { description: 'Rate limited; see Retry-After', ...json('Error') },
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

function queryParameters(): unknown[] {
  const s = schema(v1ListQuery, 'input') as { properties: Record<string, Record<string, unknown>> };
  return Object.entries(s.properties).map(([name, property]) => ({ name, in: 'query', required: false, schema: property, ...(property.description ? { description: property.description } : {}) }));
}

/** The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'DuckQuery API',
      version: '1.0.0',
      description: 'External database connections (PostgreSQL, MySQL/MariaDB, SQLite). Secrets are write-only: responses show "********"; sending "********" back keeps the stored value.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'duckquery_session' } },
      schemas: {
        Datasource: schema(v1Datasource),
        DatasourcePage: schema(v1DatasourcePage),
        DatasourceCreate: schema(v1CreateBody, 'input'),
        DatasourceUpdate: schema(v1UpdateBody, 'input'),
        ValidateResult: schema(v1ValidateResult),
        ConnectorType: schema(v1ConnectorType),
        ImportRequest: schema(v1ImportBody, 'input'),
        ImportResult: schema(v1ImportResult),
        Error: schema(v1Error),
        ValidationError: schema(v1ValidationError),
      },
    },
    security: [{}, { bearer: [] }, { session: [] }],
    paths: {
      '/api/v1/datasources': {
        get: {
          operationId: 'listDatasources',
          summary: 'List connections (filter, sort, page)',
          parameters: queryParameters(),
          responses: { '200': { description: 'A page of connections', ...json('DatasourcePage') }, ...errors },
        },
        post: {
          operationId: 'createDatasource',
          summary: 'Create a connection (params checked against its type; not tested: use validate)',
          requestBody: { required: true, ...json('DatasourceCreate') },
          responses: {
            '201': { description: 'Created', ...json('Datasource') },
            '400': { description: 'Params do not fit the type', ...json('Error') },
            '409': { description: 'The id is taken', ...json('Error') },
            ...errors,
          },
        },
      },
      '/api/v1/datasources/types': {
        get: {
          operationId: 'listDatasourceTypes',
          summary: 'Connector types and the JSON Schema of their params',
          responses: { '200': { description: 'Types', content: { 'application/json': { schema: { type: 'array', items: ref('ConnectorType') } } } }, ...errors },
        },
      },
      '/api/v1/datasources/{id}': {
        parameters: [idParam],
        get: { operationId: 'getDatasource', responses: { '200': { description: 'The connection', ...json('Datasource') }, '404': { description: 'Unknown id', ...json('Error') }, ...errors } },
        patch: {
          operationId: 'updateDatasource',
          summary: 'Change some fields; params replace the stored ones ("********" keeps a secret)',
          requestBody: { required: true, ...json('DatasourceUpdate') },
          responses: { '200': { description: 'Updated', ...json('Datasource') }, '404': { description: 'Unknown id', ...json('Error') }, ...errors },
        },
        delete: {
          operationId: 'deleteDatasource',
          summary: 'Delete a connection (admin); its open pool is closed',
          responses: { '200': { description: 'The deleted connection', ...json('Datasource') }, '404': { description: 'Unknown id', ...json('Error') }, ...errors },
        },
      },
      '/api/v1/datasources/{id}/import': {
        parameters: [idParam],
        post: {
          operationId: 'importFromDatasource',
          summary: 'Import a table or a query result into a new DuckDB table (streamed, typed, with its file-source row)',
          requestBody: { required: true, ...json('ImportRequest') },
          responses: {
            '201': { description: 'Imported (wait: true)', ...json('ImportResult') },
            '202': { description: 'Started; poll the progress', ...json('ImportResult') },
            '400': { description: 'A value did not fit its type, or the SQL failed', ...json('Error') },
            '404': { description: 'Unknown id', ...json('Error') },
            '409': { description: 'The table exists (if_exists: fail)', ...json('Error') },
            ...errors,
          },
        },
      },
      '/api/v1/datasources/{id}/validate': {
        parameters: [idParam],
        post: {
          operationId: 'validateDatasource',
          summary: 'Test the connection: version and latency, or the error in plain words; records status and last_tested',
          responses: { '200': { description: 'The test outcome (success may be false)', ...json('ValidateResult') }, '404': { description: 'Unknown id', ...json('Error') }, ...errors },
        },
      },
    },
  };
}
