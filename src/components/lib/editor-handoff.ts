/**
 * Other screens open SQL in the editor (a favorite, "query this table") by leaving it in
 * sessionStorage and navigating to `/`; the editor takes it on mount. The editor's own text is
 * kept the same way, so it survives moving between screens.
 */
const PENDING = 'duckquery.editor.open';
const CURRENT = 'duckquery.editor.sql';

export function leaveSqlForEditor(sql: string): void {
  sessionStorage.setItem(PENDING, sql);
}

export function takePendingSql(): string | null {
  const sql = sessionStorage.getItem(PENDING);
  if (sql !== null) sessionStorage.removeItem(PENDING);
  return sql;
}

export function rememberEditorSql(sql: string): void {
  sessionStorage.setItem(CURRENT, sql);
}

export function rememberedEditorSql(): string | null {
  return sessionStorage.getItem(CURRENT);
}
