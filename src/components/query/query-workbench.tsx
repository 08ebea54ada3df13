'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { rememberEditorSql, rememberedEditorSql, takePendingSql } from '@/components/lib/editor-handoff';
import { quoteIdentifier } from '@/components/lib/sql-identifier';
import { SaveFavoriteDialog } from '@/components/favorites/save-favorite-dialog';
import { RunInBackgroundDialog } from '@/components/tasks/run-in-background-dialog';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { errorText } from '@/components/ui/trpc-error';
import { useTRPC } from '@/trpc/react';
import type { QueryResult } from '@/trpc/router-types';
import { QueryHistory } from './query-history';
import { ResultPanel } from './result-panel';
import { SchemaBrowser } from './schema-browser';
import { SqlEditor, type SqlEditorHandle } from './sql-editor';
import { useQueryHistory } from './use-query-history';
import { SCHEMA_QUERY_KEY, useSchema } from './use-schema';

const WELCOME_SQL = `-- Ctrl+Enter (Cmd+Enter on a Mac) runs the selection, or everything
SELECT 'hello, DuckDB' AS greeting, range AS n, range * range AS square
FROM range(10);
`;
const PAGE_SIZES = [100, 1000, 10000];

interface Run {
  queryId: string;
  sql: string;
  offset: number;
}

/** The SQL screen: editor, results (grid or chart), paging, cancel, history, save as favorite, run in background. */
export function QueryWorkbench() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editor = useRef<SqlEditorHandle | null>(null);
  const [initialSql] = useState(() => (typeof window === 'undefined' ? WELCOME_SQL : (rememberedEditorSql() ?? WELCOME_SQL)));
  const [editorSql, setEditorSql] = useState(initialSql);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]!);
  const [current, setCurrent] = useState<Run | null>(null);
  const [result, setResult] = useState<QueryResult | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<ReactNode>(null);
  const [background, setBackground] = useState<string | null>(null);
  const [sideTab, setSideTab] = useState<'tables' | 'history'>('tables');
  const history = useQueryHistory();
  const schema = useSchema();
  const tables = useMemo(() => schema.data ?? [], [schema.data]);

  const run = useMutation(trpc.query.run.mutationOptions());
  const cancel = useMutation(trpc.query.cancel.mutationOptions());

  useEffect(() => {
    const pending = takePendingSql();
    if (pending !== null) editor.current?.setSql(pending);
    else editor.current?.focus();
  }, []);

  function execute(sql: string, offset: number, limit = pageSize) {
    if (!sql.trim() || run.isPending) return;
    const started: Run = { queryId: crypto.randomUUID(), sql, offset };
    setCurrent(started);
    setNotice(null);
    run.mutate(
      { sql, queryId: started.queryId, limit, offset },
      {
        onSuccess: async (data) => {
          setResult(data);
          if (offset === 0) history.add({ sql, ok: true, rowCount: data.rowCount, elapsedMs: data.elapsedMs, error: null });
          if (data.changes.length > 0) {
            // The batch created, changed or dropped tables: every list of tables is stale.
            await Promise.all([
              queryClient.invalidateQueries({ queryKey: SCHEMA_QUERY_KEY }),
              queryClient.invalidateQueries({ queryKey: trpc.tables.pathKey() }),
              queryClient.invalidateQueries({ queryKey: trpc.fileSources.pathKey() }),
            ]);
          }
        },
        onError: (error) => {
          if (offset === 0) history.add({ sql, ok: false, rowCount: null, elapsedMs: null, error: errorText(error) });
        },
      },
    );
  }

  const runEditor = () => execute(editor.current?.runnableSql() ?? editorSql, 0);
  const changePage = (offset: number) => current && execute(current.sql, Math.max(0, offset));

  const openTable = (table: string) => {
    editor.current?.setSql(`SELECT * FROM ${quoteIdentifier(table)} LIMIT 100;`);
  };

  return (
    <div className="flex h-full min-h-0">
      <section className="flex min-w-0 flex-1 flex-col" aria-label="SQL workbench">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
          <Button variant="primary" onClick={runEditor} disabled={run.isPending} title="Run the selection, or everything (Ctrl+Enter)">
            ▶ Run <kbd className="text-[10px] opacity-80">Ctrl+Enter</kbd>
          </Button>
          {run.isPending && current && (
            <Button variant="danger" onClick={() => cancel.mutate({ queryId: current.queryId })} disabled={cancel.isPending}>
              ■ Cancel
            </Button>
          )}
          <Button onClick={() => setBackground(editor.current?.runnableSql() ?? editorSql)} disabled={!editorSql.trim()} title="Run the selection, or everything, as a background task into a table">
            Run in background
          </Button>
          <Button onClick={() => setSaving(true)} disabled={!editorSql.trim()} title="Save as favorite (Ctrl+S)">
            ☆ Save favorite
          </Button>
          <label className="ml-auto flex items-center gap-1 text-xs text-slate-500">
            Rows per page
            <select
              aria-label="Rows per page"
              value={pageSize}
              onChange={(e) => setPageSize(Number(e.target.value))}
              className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-900"
            >
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size.toLocaleString('en-US')}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="h-[36%] min-h-[120px] shrink-0 border-b border-slate-200 dark:border-slate-800">
          <SqlEditor
            handleRef={editor}
            initialSql={initialSql}
            tables={tables}
            onChange={(sql) => {
              setEditorSql(sql);
              rememberEditorSql(sql);
            }}
            onRun={runEditor}
            onSave={() => setSaving(true)}
          />
        </div>
        {notice && (
          <p role="status" className="mx-4 mt-2 rounded bg-emerald-50 px-3 py-1.5 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
            {notice}
          </p>
        )}
        <ErrorNote error={run.error ?? cancel.error} className="mx-4 mt-2" />
        <ResultPanel result={result} running={run.isPending} onPage={changePage} />
      </section>
      <aside className="flex w-64 shrink-0 flex-col border-l border-slate-200 dark:border-slate-800" aria-label="Tables and history">
        <div role="tablist" className="flex border-b border-slate-200 text-sm dark:border-slate-800">
          {(['tables', 'history'] as const).map((tab) => (
            <button
              key={tab}
              role="tab"
              type="button"
              aria-selected={sideTab === tab}
              onClick={() => setSideTab(tab)}
              className={`flex-1 px-3 py-2 capitalize ${sideTab === tab ? 'border-b-2 border-blue-600 font-medium' : 'text-slate-500'}`}
            >
              {tab}
            </button>
          ))}
        </div>
        {sideTab === 'tables' ? (
          <SchemaBrowser tables={schema.data} loading={schema.isLoading} onPick={openTable} />
        ) : (
          <QueryHistory entries={history.entries} onOpen={(sql) => editor.current?.setSql(sql)} onClear={history.clear} />
        )}
      </aside>
      {background !== null && (
        <RunInBackgroundDialog
          sql={background}
          onClose={() => setBackground(null)}
          onStarted={() => {
            setBackground(null);
            setNotice(
              <>
                Background task started.{' '}
                <Link href="/tasks" className="font-medium underline">
                  Follow it on Tasks
                </Link>
              </>,
            );
          }}
        />
      )}
      {saving && (
        <SaveFavoriteDialog
          sql={editorSql}
          onClose={() => setSaving(false)}
          onSaved={(name) => {
            setSaving(false);
            setNotice(`Saved as favorite “${name}”.`);
          }}
        />
      )}
    </div>
  );
}
