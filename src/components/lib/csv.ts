import { cellText } from './format';

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; NULL is an empty field. */
export function toCsv(columns: string[], rows: unknown[][]): string {
  const field = (value: unknown) => {
    if (value === null || value === undefined) return '';
    const text = cellText(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.map(field).join(','), ...rows.map((row) => row.map(field).join(','))].join('\r\n') + '\r\n';
}

/** Tab-separated, for pasting into a spreadsheet. */
export function toTsv(columns: string[], rows: unknown[][]): string {
  const field = (value: unknown) => (value === null || value === undefined ? '' : cellText(value).replace(/[\t\r\n]+/g, ' '));
  return [columns.map(field).join('\t'), ...rows.map((row) => row.map(field).join('\t'))].join('\n');
}

/** Saves text as a file through a temporary object URL (no server round trip). */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
