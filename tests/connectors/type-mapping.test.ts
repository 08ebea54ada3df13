import { describe, expect, it } from 'vitest';
import { castFromText } from '@/server/connectors/cast-from-text';
import { displayValue } from '@/server/connectors/display-value';
import { plainConnectionError } from '@/server/connectors/plain-error';
import { postgresToDuckdb } from '@/server/connectors/postgresql-types';
import { sqliteToDuckdb } from '@/server/connectors/sqlite-connector';
import { uniqueColumnNames } from '@/server/connectors/unique-names';

describe('type mapping (pure functions)', () => {
  it('PostgreSQL types keep their precision, zones and element types', () => {
    expect(postgresToDuckdb('numeric(12,2)')).toBe('DECIMAL(12,2)');
    expect(postgresToDuckdb('numeric(39,2)')).toBe('VARCHAR'); // wider than DuckDB's DECIMAL: exact text, not a lossy DOUBLE
    expect(postgresToDuckdb('numeric')).toBe('VARCHAR');
    expect(postgresToDuckdb('timestamp(3) with time zone')).toBe('TIMESTAMPTZ');
    expect(postgresToDuckdb('timestamp without time zone')).toBe('TIMESTAMP');
    expect(postgresToDuckdb('time with time zone')).toBe('TIMETZ');
    expect(postgresToDuckdb('interval day to second')).toBe('INTERVAL');
    expect(postgresToDuckdb('numeric(5,1)[][]')).toBe('DECIMAL(5,1)[]');
    expect(postgresToDuckdb('character varying(20)')).toBe('VARCHAR');
    expect(postgresToDuckdb('inet')).toBe('VARCHAR');
  });

  it('SQLite declared types follow SQLite affinity rules', () => {
    expect(['INTEGER', 'BIGINT', 'tinyint', 'INT8'].map(sqliteToDuckdb)).toEqual(['BIGINT', 'BIGINT', 'BIGINT', 'BIGINT']);
    expect(['VARCHAR(10)', 'CLOB', 'text'].map(sqliteToDuckdb)).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR']);
    expect(['REAL', 'FLOAT', 'DOUBLE PRECISION', 'DECIMAL(10,5)', 'NUMERIC'].map(sqliteToDuckdb)).toEqual(['DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE']);
    expect(sqliteToDuckdb('BLOB')).toBe('BLOB');
    expect(sqliteToDuckdb(null)).toBeNull();
  });

  it('casts from text through DuckDB parsers: hex for BLOB, JSON for nested types', () => {
    expect(castFromText('c0', 'VARCHAR')).toBe('"c0"');
    expect(castFromText('c0', 'BLOB')).toBe('unhex("c0")');
    expect(castFromText('c0', 'INTEGER[]')).toBe('CAST(CAST("c0" AS JSON) AS INTEGER[])');
    expect(castFromText('c0', 'STRUCT(k VARCHAR)')).toBe('CAST(CAST("c0" AS JSON) AS STRUCT(k VARCHAR))');
    expect(castFromText('c0', 'TIMESTAMPTZ')).toBe('CAST("c0" AS TIMESTAMPTZ)');
  });

  it('shows values as DuckQuery results do', () => {
    expect(displayValue('9007199254740993', 'BIGINT')).toBe('9007199254740993');
    expect(displayValue('42', 'BIGINT')).toBe(42);
    expect(displayValue('t', 'BOOLEAN')).toBe(true);
    expect(displayValue('19.90', 'DECIMAL(10,2)')).toBe('19.90');
    expect(displayValue('2025-01-01 08:00:00.5+00', 'TIMESTAMPTZ')).toBe('2025-01-01T08:00:00.5Z');
    expect(displayValue('00ff', 'BLOB')).toBe('AP8=');
    expect(displayValue('NaN', 'DOUBLE')).toBe('NaN');
    expect(displayValue(null, 'INTEGER')).toBeNull();
  });

  it('makes duplicate or empty column names unique', () => {
    expect(uniqueColumnNames(['id', 'ID', 'id', '', 'x'])).toEqual(['id', 'ID_1', 'id_2', 'column_4', 'x']);
  });

  it('explains driver errors in plain words and never names a password', () => {
    const target = { host: 'db', port: 5432, user: 'me', database: 'shop' };
    expect(plainConnectionError(Object.assign(new Error('password authentication failed for user "me"'), { code: '28P01' }), target)).toMatch(/^Wrong user name or password for user 'me'\./);
    expect(plainConnectionError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), target)).toMatch(/^Nothing is listening at db:5432/);
    expect(plainConnectionError(Object.assign(new Error('x'), { code: 'ER_BAD_DB_ERROR' }), target)).toMatch(/^The database 'shop' does not exist on db:5432/);
    expect(plainConnectionError(new Error('something else'), target)).toBe('something else');
  });
});
