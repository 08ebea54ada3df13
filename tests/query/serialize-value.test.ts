import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { serializeValue } from '@/server/query/serialize-value';

let instance: DuckDBInstance;
let connection: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(`SET TimeZone = 'Asia/Shanghai'`); // the output must not depend on the session zone
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** One SQL expression, as DuckDB hands it to us, serialised. */
async function value(expression: string) {
  const reader = await connection.runAndReadAll(`SELECT ${expression}`);
  return serializeValue(reader.getRows()[0]![0]!);
}

describe('serializeValue: DuckDB values to JSON, faithfully', () => {
  it.each([
    ['NULL', null],
    ['true', true],
    ['42::TINYINT', 42],
    ['-7::INTEGER', -7],
    ['4294967295::UINTEGER', 4294967295],
    ['9007199254740991::BIGINT', 9007199254740991],
    ['9007199254740993::BIGINT', '9007199254740993'],
    ['(-9223372036854775808)::BIGINT', '-9223372036854775808'],
    ['18446744073709551615::UBIGINT', '18446744073709551615'],
    ['170141183460469231731687303715884105727::HUGEINT', '170141183460469231731687303715884105727'],
    ['12::HUGEINT', 12],
    ['19.90::DECIMAL(18,2)', '19.90'],
    ['-0.001::DECIMAL(10,3)', '-0.001'],
    ['12345678901234567890.123456789::DECIMAL(38,9)', '12345678901234567890.123456789'],
    ['1.5::DOUBLE', 1.5],
    ['0.1::FLOAT', expect.closeTo(0.1, 6)],
    [`'nan'::DOUBLE`, 'NaN'],
    [`'inf'::DOUBLE`, 'Infinity'],
    [`'-inf'::FLOAT`, '-Infinity'],
    [`'héllo 华东'`, 'héllo 华东'],
    [`DATE '2025-02-03'`, '2025-02-03'],
    [`TIME '08:09:10.123456'`, '08:09:10.123456'],
    [`TIMESTAMP '2025-01-01 08:00:00.123456'`, '2025-01-01T08:00:00.123456'],
    [`TIMESTAMP '2025-01-01 08:00:00'`, '2025-01-01T08:00:00'],
    [`TIMESTAMPTZ '2025-01-01 08:00:00.123456+08'`, '2025-01-01T00:00:00.123456Z'],
    [`TIMESTAMPTZ '2025-06-30 23:59:59Z'`, '2025-06-30T23:59:59Z'],
    [`'infinity'::TIMESTAMP`, 'infinity'],
    [`'-infinity'::TIMESTAMPTZ`, '-infinity'],
    [`TIMESTAMP_MS '2025-01-01 08:00:00.123'`, '2025-01-01T08:00:00.123'],
    [`TIMESTAMP_NS '2025-01-01 08:00:00.123456789'`, '2025-01-01T08:00:00.123456789'],
    [`INTERVAL '1 month 2 days 3 hours'`, '1 month 2 days 03:00:00'],
    [`'\\xDE\\xAD\\xBE\\xEF'::BLOB`, '3q2+7w=='],
    [`'00000000-0000-0000-0000-000000000001'::UUID`, '00000000-0000-0000-0000-000000000001'],
    [`'101'::BIT`, '101'],
    [`'{"a": [1, 2]}'::JSON`, '{"a": [1, 2]}'],
    [`[1, NULL, 3]`, [1, null, 3]],
    [`[[9007199254740993]]::BIGINT[][]`, [['9007199254740993']]],
    [`[1, 2]::INTEGER[2]`, [1, 2]],
    [`{'a': 1, 'b': [TIMESTAMPTZ '2025-01-01 00:00:00Z']}`, { a: 1, b: ['2025-01-01T00:00:00Z'] }],
    [`MAP {'k': 1.50::DECIMAL(4,2)}`, { k: '1.50' }],
    [`MAP {1: 'one', 2: 'two'}`, [{ key: 1, value: 'one' }, { key: 2, value: 'two' }]],
    [`union_value(num := 2)::UNION(num INTEGER, str VARCHAR)`, { num: 2 }],
  ])('%s', async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });

  it('is JSON-safe: no bigint, no undefined, survives a round trip', async () => {
    const reader = await connection.runAndReadAll(`SELECT 9007199254740993::BIGINT, {'x': 1::HUGEINT}, [1.5::DECIMAL(3,1)]`);
    const row = reader.getRows()[0]!.map(serializeValue);
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
  });
});
