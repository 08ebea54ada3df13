import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { SchemaTable } from './use-schema';

/**
 * Column names without a table prefix. lang-sql completes `table.col` and table names; a person
 * typing `WHERE amo` wants the columns of the tables the query names, so those come first
 * (then every other table's columns, ranked lower).
 */
export function columnCompletion(tables: SchemaTable[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/\w+/);
    if (!word && !context.explicit) return null;
    if (context.matchBefore(/\.\w*/)) return null; // `t.col`: lang-sql's own completion
    const text = context.state.doc.toString().toLowerCase();
    const named = new Set(tables.filter((t) => new RegExp(`(^|[^\\w])"?${t.name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?([^\\w]|$)`).test(text)).map((t) => t.name));
    const options = tables
      .filter((t) => !t.system || named.has(t.name))
      .flatMap((t) =>
        t.columns.map((c) => ({
          label: c.name,
          type: 'property',
          detail: `${t.name} · ${c.type.toLowerCase()}`,
          boost: named.has(t.name) ? 10 : -10,
        })),
      );
    return { from: word?.from ?? context.pos, options, validFor: /^\w*$/ };
  };
}
