import type { FieldPacket } from 'mysql2';

const UNSIGNED = 32;
const BINARY_CHARSET = 63;

/**
 * A MySQL/MariaDB result column → the DuckDB type an import gives it, from the protocol's
 * column metadata (type code, flags, length, decimals). TIMESTAMP is a point in time (the
 * session runs in UTC), DATETIME a wall-clock time; TIME can exceed 24 h, so it is an INTERVAL.
 */
export function mysqlToDuckdb(field: FieldPacket): string {
  const code = field.columnType ?? field.type ?? -1;
  const flags = typeof field.flags === 'number' ? field.flags : 0;
  const unsigned = (flags & UNSIGNED) !== 0;
  const u = unsigned ? 'U' : '';
  switch (code) {
    case 1: return `${u}TINYINT`;
    case 2: return `${u}SMALLINT`;
    case 9: // MEDIUMINT
    case 3: return `${u}INTEGER`;
    case 8: return `${u}BIGINT`;
    case 4: return 'FLOAT';
    case 5: return 'DOUBLE';
    case 0:
    case 246: {
      const scale = field.decimals;
      const precision = (field.columnLength ?? 0) - (scale > 0 ? 1 : 0) - (unsigned ? 0 : 1);
      return precision >= 1 && precision <= 38 ? `DECIMAL(${precision},${scale})` : 'VARCHAR';
    }
    case 7: return 'TIMESTAMPTZ';
    case 12: return 'TIMESTAMP';
    case 10:
    case 14: return 'DATE';
    case 11: return 'INTERVAL';
    case 13: return 'SMALLINT'; // YEAR
    case 245: return 'JSON';
    case 16: return 'UBIGINT'; // BIT(n), n ≤ 64
    case 249:
    case 250:
    case 251:
    case 252:
    case 253:
    case 254:
      if (field.characterSet === BINARY_CHARSET) return 'BLOB';
      return (field as { extendedFormat?: string }).extendedFormat === 'json' ? 'JSON' : 'VARCHAR';
    case 255: return 'BLOB'; // GEOMETRY: its WKB bytes
    default: return 'VARCHAR';
  }
}

export function mysqlSourceType(field: FieldPacket): string {
  return (field as { extendedTypeName?: string }).extendedTypeName || field.typeName || String(field.columnType ?? field.type);
}
