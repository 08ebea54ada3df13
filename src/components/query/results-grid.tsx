'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { cellText } from '@/components/lib/format';
import { isNumericType } from '@/components/lib/column-kind';

const ROW_HEIGHT = 28;

interface Column {
  name: string;
  type: string;
}

/** Width from the header and the first rows' text, within bounds, so columns line up without measuring the DOM. */
function columnWidth(column: Column, index: number, rows: unknown[][]): number {
  let chars = Math.max(column.name.length, column.type.length);
  for (const row of rows.slice(0, 50)) chars = Math.max(chars, cellText(row[index]).length);
  return Math.min(360, Math.max(90, chars * 7.5 + 24));
}

/** The rows of a result, virtualised: only the visible rows are in the DOM, so 10 000 rows scroll smoothly. */
export function ResultsGrid({ columns, rows, firstRowNumber = 1 }: { columns: Column[]; rows: unknown[][]; firstRowNumber?: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const widths = columns.map((column, i) => columnWidth(column, i, rows));
  const numberWidth = Math.max(48, String(firstRowNumber + rows.length).length * 8 + 16);
  const totalWidth = widths.reduce((a, b) => a + b, numberWidth);

  return (
    <div ref={scroller} role="grid" aria-rowcount={rows.length + 1} aria-colcount={columns.length} className="h-full min-h-0 overflow-auto font-mono text-xs">
      <div style={{ width: totalWidth }} className="sticky top-0 z-10 flex border-b border-slate-300 bg-slate-100 dark:border-slate-700 dark:bg-slate-800" role="row">
        <div style={{ width: numberWidth }} className="shrink-0 px-2 py-1 text-right text-slate-400">#</div>
        {columns.map((column, i) => (
          <div key={i} role="columnheader" style={{ width: widths[i] }} className="shrink-0 truncate border-l border-slate-200 px-2 py-1 dark:border-slate-700" title={`${column.name}: ${column.type}`}>
            <div className="truncate font-semibold text-slate-800 dark:text-slate-100">{column.name}</div>
            <div className="truncate text-[10px] font-normal text-slate-500 uppercase">{column.type}</div>
          </div>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), width: totalWidth }} className="relative">
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <div
              key={item.key}
              role="row"
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width: totalWidth }}
              className="absolute top-0 left-0 flex border-b border-slate-100 hover:bg-blue-50 dark:border-slate-800/60 dark:hover:bg-slate-800/60"
            >
              <div style={{ width: numberWidth }} className="shrink-0 px-2 py-1.5 text-right text-slate-400">{firstRowNumber + item.index}</div>
              {columns.map((column, i) => {
                const value = row[i];
                const isNull = value === null || value === undefined;
                return (
                  <div
                    key={i}
                    role="gridcell"
                    title={cellText(value)}
                    style={{ width: widths[i] }}
                    className={`shrink-0 truncate border-l border-slate-100 px-2 py-1.5 dark:border-slate-800 ${isNumericType(column.type) ? 'text-right tabular-nums' : ''} ${isNull ? 'text-slate-400 italic' : ''}`}
                  >
                    {cellText(value)}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
