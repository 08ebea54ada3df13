'use client';

import { useState } from 'react';
import { isNumericType, numericValue } from '@/components/lib/column-kind';
import { cellText } from '@/components/lib/format';
import { inputClass } from '@/components/ui/field';

interface Column {
  name: string;
  type: string;
}

const MAX_BARS = 60;
const MAX_POINTS = 2000;
const W = 800;
const H = 300;
const PAD = { left: 56, right: 12, top: 12, bottom: 48 };

/** A first guess a person would make: labels from the first non-numeric column, values from the first numeric one. */
function defaultAxes(columns: Column[]): { x: number; y: number } {
  const y = columns.findIndex((c) => isNumericType(c.type));
  const x = columns.findIndex((c, i) => i !== y && !isNumericType(c.type));
  return { x: x === -1 ? (y === 0 ? 1 : 0) : x, y };
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

/** A bar or line chart of one numeric column against another column, drawn as plain SVG. */
export function ResultChart({ columns, rows }: { columns: Column[]; rows: unknown[][] }) {
  const guess = defaultAxes(columns);
  const [kind, setKind] = useState<'bar' | 'line'>('bar');
  const [x, setX] = useState(guess.x);
  const [y, setY] = useState(guess.y);
  const numericColumns = columns.map((c, i) => ({ ...c, i })).filter((c) => isNumericType(c.type));

  if (numericColumns.length === 0 || y < 0) {
    return <p className="p-4 text-sm text-slate-500">A chart needs a numeric column in the result.</p>;
  }
  const limit = kind === 'bar' ? MAX_BARS : MAX_POINTS;
  const points = rows.slice(0, limit).map((row) => ({ label: cellText(row[x]), value: numericValue(row[y]) ?? 0 }));
  const min = Math.min(0, ...points.map((p) => p.value));
  const max = niceMax(Math.max(...points.map((p) => p.value), 0));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const yOf = (v: number) => PAD.top + plotH - ((v - min) / (max - min || 1)) * plotH;
  const step = plotW / Math.max(points.length, 1);
  const labelEvery = Math.ceil(points.length / 12);

  return (
    <div className="flex h-full min-h-0 flex-col gap-2 p-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-1">
          Chart
          <select aria-label="Chart type" className={`${inputClass} w-auto`} value={kind} onChange={(e) => setKind(e.target.value as 'bar' | 'line')}>
            <option value="bar">Bar</option>
            <option value="line">Line</option>
          </select>
        </label>
        <label className="flex items-center gap-1">
          X
          <select aria-label="X axis column" className={`${inputClass} w-auto`} value={x} onChange={(e) => setX(Number(e.target.value))}>
            {columns.map((c, i) => (
              <option key={i} value={i}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          Y
          <select aria-label="Y axis column" className={`${inputClass} w-auto`} value={y} onChange={(e) => setY(Number(e.target.value))}>
            {numericColumns.map((c) => (
              <option key={c.i} value={c.i}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {rows.length > limit && <span className="text-xs text-slate-500">First {limit} rows shown</span>}
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${kind} chart of ${columns[y]?.name} by ${columns[x]?.name}`} className="min-h-0 w-full flex-1 text-slate-500">
        {[0, 0.25, 0.5, 0.75, 1].map((f) => {
          const v = min + (max - min) * f;
          return (
            <g key={f}>
              <line x1={PAD.left} x2={W - PAD.right} y1={yOf(v)} y2={yOf(v)} stroke="currentColor" strokeOpacity={0.15} />
              <text x={PAD.left - 6} y={yOf(v) + 4} textAnchor="end" fontSize={11} fill="currentColor">
                {Number(v.toPrecision(4)).toLocaleString('en-US')}
              </text>
            </g>
          );
        })}
        {kind === 'bar'
          ? points.map((p, i) => (
              <rect key={i} x={PAD.left + i * step + step * 0.1} width={step * 0.8} y={Math.min(yOf(p.value), yOf(0))} height={Math.abs(yOf(0) - yOf(p.value))} className="fill-blue-500">
                <title>{`${p.label}: ${p.value}`}</title>
              </rect>
            ))
          : (
              <polyline
                fill="none"
                strokeWidth={2}
                className="stroke-blue-500"
                points={points.map((p, i) => `${PAD.left + i * step + step / 2},${yOf(p.value)}`).join(' ')}
              />
            )}
        {points.map((p, i) =>
          i % labelEvery === 0 ? (
            <text key={i} x={PAD.left + i * step + step / 2} y={H - PAD.bottom + 16} textAnchor="middle" fontSize={11} fill="currentColor">
              {p.label.length > 12 ? `${p.label.slice(0, 11)}…` : p.label}
            </text>
          ) : null,
        )}
      </svg>
    </div>
  );
}
