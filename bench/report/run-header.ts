import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();

/** What the figures were measured on: they mean little without it. */
export function runHeader(startedAt: Date, loadAtStart: number[]): string {
  const dirty = git('status', '--porcelain', '--', 'src', 'migrations', 'scripts', 'next.config.mjs', 'package.json') !== '';
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return [
    `- run: ${startedAt.toISOString()}, commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in the working tree' : ''}`,
    `- machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
    `- load average at start (1/5/15 min): ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} — other work on the machine skews every figure`,
  ].join('\n');
}
