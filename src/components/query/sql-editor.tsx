'use client';

import { autocompletion, closeBrackets, completionKeymap } from '@codemirror/autocomplete';
import { sql, type SQLNamespace } from '@codemirror/lang-sql';
import { bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { useEffect, useRef, type RefObject } from 'react';
import { columnCompletion } from './column-completion';
import { DuckDBSQL } from './duckdb-dialect';
import type { SchemaTable } from './use-schema';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';

export interface SqlEditorHandle {
  /** The selected text when there is a selection, else the whole document. */
  runnableSql(): string;
  setSql(sql: string): void;
  focus(): void;
}

interface SqlEditorProps {
  initialSql: string;
  /** Tables and their columns, for completion. */
  tables: SchemaTable[];
  onChange: (sql: string) => void;
  onRun: () => void;
  onSave: () => void;
  handleRef: RefObject<SqlEditorHandle | null>;
}

/** Table name → column names, as lang-sql's completion takes them. */
const namespace = (tables: SchemaTable[]): SQLNamespace => Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));

const sqlLanguage = (tables: SchemaTable[]) => [
  sql({ dialect: DuckDBSQL, schema: namespace(tables), upperCaseKeywords: true }),
  DuckDBSQL.language.data.of({ autocomplete: columnCompletion(tables) }),
];

/** CodeMirror 6 with DuckDB SQL; Mod-Enter runs, Mod-S saves as favorite, Mod-Z / Mod-Shift-Z undo and redo. */
export function SqlEditor({ initialSql, tables, onChange, onRun, onSave, handleRef }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  // The view is built once; callbacks are read through refs so they are never stale.
  const callbacks = useRef({ onChange, onRun, onSave });
  callbacks.current = { onChange, onRun, onSave };

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initialSql,
        extensions: [
          lineNumbers(),
          drawSelection(),
          highlightActiveLine(),
          bracketMatching(),
          closeBrackets(),
          history(),
          syntaxHighlighting(classHighlighter),
          language.current.of(sqlLanguage([])),
          autocompletion({ activateOnTyping: true }),
          placeholder('SELECT * FROM my_table  —  Ctrl+Enter runs the selection, or everything'),
          Prec.highest(
            keymap.of([
              { key: 'Mod-Enter', run: () => (callbacks.current.onRun(), true) },
              { key: 'Mod-s', run: () => (callbacks.current.onSave(), true), preventDefault: true },
            ]),
          ),
          keymap.of([...completionKeymap, ...historyKeymap, ...defaultKeymap, indentWithTab]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ 'aria-label': 'SQL editor' }),
        ],
      }),
    });
    view.current = editor;
    handleRef.current = {
      runnableSql() {
        const { state } = editor;
        const { from, to } = state.selection.main;
        const selected = state.sliceDoc(from, to);
        return selected.trim() ? selected : state.doc.toString();
      },
      setSql(text) {
        editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text }, selection: { anchor: text.length } });
        editor.focus();
      },
      focus: () => editor.focus(),
    };
    return () => {
      editor.destroy();
      view.current = null;
      handleRef.current = null;
    };
    // Built once per mount: later initialSql values are applied through setSql.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(sqlLanguage(tables)) });
  }, [tables]);

  return <div ref={host} data-testid="sql-editor" className="h-full min-h-0 overflow-hidden" />;
}
