import { Annotation, StateField, type ChangeSet, type EditorSelection, type EditorState, type Transaction } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';

/**
 * Undo/redo for the SQL editor. @codemirror/commands (which has `history`) is not among the
 * project's dependencies, so this is a small one: each entry holds the inverse of a change and
 * the selection before it; typing within GROUP_MS of the previous edit joins its entry.
 */
const GROUP_MS = 500;
const MAX_ENTRIES = 200;

interface Entry {
  changes: ChangeSet;
  selection: EditorSelection;
  at: number;
}
interface HistoryState {
  done: Entry[];
  undone: Entry[];
}

const replaceHistory = Annotation.define<HistoryState>();

export const editorHistory = StateField.define<HistoryState>({
  create: () => ({ done: [], undone: [] }),
  update(value, tr: Transaction) {
    const replaced = tr.annotation(replaceHistory);
    if (replaced) return replaced;
    if (!tr.docChanged) return value;
    const inverse = tr.changes.invert(tr.startState.doc);
    const now = Date.now();
    const last = value.done.at(-1);
    const typing = tr.isUserEvent('input.type') || tr.isUserEvent('delete');
    if (last && typing && now - last.at < GROUP_MS) {
      // Undo applies the newest inverse first, then the older one.
      const merged = { changes: inverse.compose(last.changes), selection: last.selection, at: now };
      return { done: [...value.done.slice(0, -1), merged], undone: [] };
    }
    return { done: [...value.done, { changes: inverse, selection: tr.startState.selection, at: now }].slice(-MAX_ENTRIES), undone: [] };
  },
});

function step(view: EditorView, from: 'done' | 'undone'): boolean {
  const state: EditorState = view.state;
  const history = state.field(editorHistory);
  const entry = history[from].at(-1);
  if (!entry) return false;
  const reverse: Entry = { changes: entry.changes.invert(state.doc), selection: state.selection, at: 0 };
  const next: HistoryState =
    from === 'done'
      ? { done: history.done.slice(0, -1), undone: [...history.undone, reverse] }
      : { done: [...history.done, reverse], undone: history.undone.slice(0, -1) };
  view.dispatch({ changes: entry.changes, selection: entry.selection, annotations: replaceHistory.of(next), scrollIntoView: true });
  return true;
}

export const undo = (view: EditorView) => step(view, 'done');
export const redo = (view: EditorView) => step(view, 'undone');
