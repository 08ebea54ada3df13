import type { CellValue } from 'exceljs';

/** A cell as plain data: what the sheet shows, not how it was computed or styled. */
export type PlainCell = string | number | boolean | Date | null;

/**
 * exceljs hands cells over as numbers, strings, booleans, Dates, or objects: formulas (their
 * cached result), rich text (its runs joined), hyperlinks (their text), errors (`#N/A` → null).
 */
export function plainCell(value: CellValue | undefined): PlainCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const object = value as unknown as Record<string, unknown>;
  if ('result' in object) return plainCell(object.result as CellValue);
  if ('formula' in object || 'sharedFormula' in object) return null; // never calculated: no cached result
  if (Array.isArray(object.richText)) return (object.richText as { text: string }[]).map((run) => run.text).join('');
  if ('text' in object) return plainCell(object.text as CellValue);
  if ('error' in object) return null;
  return null;
}

/** A cell's text for headers and previews. */
export function cellText(cell: PlainCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return dateText(cell);
  return String(cell);
}

/** Excel dates have no zone (exceljs gives them as UTC wall time): `YYYY-MM-DD`, with ` HH:MM:SS` when there is a time. */
export function dateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}
