/** A markdown table; cells are already formatted strings. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A number with `digits` decimals, or "n/a" when it is not a finite number. */
export function fmt(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

export function verdict(pass: boolean | null): string {
  return pass === null ? 'n/a' : pass ? '**PASS**' : '**MISS**';
}
