import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '@/server/db/database';
import { listBackups } from '@/server/legacy-import/backup';
import { makeFileSources, writeJson } from '../../helpers/legacy-fixtures';
import { collect, killGroup, spawnMigrate } from '../../helpers/run-migrate-cli';
import { makeTempDirs } from '../../helpers/test-database';

/**
 * `npm run migrate` killed with SIGKILL at random points of its life, over and over on one data
 * dir. After every kill, each legacy file's entries are in DuckDB all or not at all, together
 * with exactly one ledger row. Whenever a file completes (moved to its backup) a new one, with
 * new entries, takes its place, so later kills keep hitting imports. A final clean run must
 * leave every file imported exactly once and backed up.
 */
const ENTRIES = 3000;
const ITERATIONS = 50;

describe('legacy import crash safety', () => {
  const dirs = makeTempDirs('duckquery-crash-');
  const legacyFile = path.join(dirs.configDir, 'file-datasources.json');
  const rounds: { prefix: string; sha256: string }[] = [];
  afterAll(() => dirs.cleanup());

  function startRound(): void {
    const prefix = `r${rounds.length}`;
    writeJson(dirs.configDir, 'file-datasources.json', makeFileSources(ENTRIES, { prefix }));
    rounds.push({ prefix, sha256: createHash('sha256').update(fs.readFileSync(legacyFile)).digest('hex') });
  }

  /** Rows and imported-ledger rows per round, read the way a restarted server would. */
  async function observe(): Promise<{ rows: number; ledger: number }[]> {
    const database = await Database.open(path.join(dirs.dataDir, 'duckquery.duckdb'));
    try {
      return await database.read(async (c) => {
        const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables()`)).getRowsJS().flat();
        if (!tables.includes('system_file_sources') || !tables.includes('system_legacy_imports')) return rounds.map(() => ({ rows: 0, ledger: 0 }));
        const result = [];
        for (const round of rounds) {
          const rows = await c.runAndReadAll(`SELECT count(*)::INTEGER FROM system_file_sources WHERE starts_with(source_id, $1)`, [`${round.prefix}_`]);
          const ledger = await c.runAndReadAll(
            `SELECT count(*)::INTEGER FROM system_legacy_imports WHERE file_name = 'file-datasources.json' AND sha256 = $1 AND status = 'imported'`,
            [round.sha256],
          );
          result.push({ rows: Number(rows.getRowsJS()[0]![0]), ledger: Number(ledger.getRowsJS()[0]![0]) });
        }
        return result;
      });
    } finally {
      database.close();
    }
  }

  /** One CLI run, killed `killAt` ms after start-up (or after the import began), or left to finish. */
  async function runAndMaybeKill(killAt: { fromStart: number } | { fromImport: number } | null) {
    const child = spawnMigrate({ dataDir: dirs.dataDir, configDir: dirs.configDir });
    const started = performance.now();
    let importStarted: number | null = null;
    let timer: NodeJS.Timeout | undefined;
    const kill = (delay: number) => (timer = setTimeout(() => killGroup(child), delay));
    if (killAt && 'fromStart' in killAt) kill(killAt.fromStart);
    // The CLI prints the schema line after migrations, right before the import starts.
    const result = await collect(child, (stdout) => {
      if (importStarted !== null || !stdout.includes('Schema: ')) return;
      importStarted = performance.now();
      if (killAt && 'fromImport' in killAt) kill(killAt.fromImport);
    });
    clearTimeout(timer);
    const ended = performance.now();
    return { result, startup: (importStarted ?? ended) - started, importing: importStarted === null ? null : ended - importStarted };
  }

  it(`keeps every import all-or-nothing across ${ITERATIONS} SIGKILLs, then imports each file exactly once`, { timeout: 240_000 }, async () => {
    const started = performance.now();
    startRound();
    // A dry run has the import's whole timeline (same transaction, rolled back) without its effects.
    const dryRun = await collect(spawnMigrate({ dataDir: dirs.dataDir, configDir: dirs.configDir }, ['--dry-run']));
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const calibration = await runAndMaybeKill(null); // completes round 0
    expect(calibration.result.code, calibration.result.stderr).toBe(0);
    expect(fs.existsSync(legacyFile)).toBe(false);
    startRound();
    let startup = calibration.startup;
    let importing = calibration.importing!;
    const stats = { killed: 0, finished: 0, killedInStartup: 0, committedNotMoved: 0 };

    for (let i = 0; i < ITERATIONS; i++) {
      // One kill in four anywhere in start-up; the rest spread over import, commit, backup and exit.
      const killAt = i % 4 === 0 ? { fromStart: Math.random() * startup } : { fromImport: Math.random() * importing * 1.15 };
      const run = await runAndMaybeKill(killAt);
      if (run.result.signal === 'SIGKILL' || run.result.code === null) {
        stats.killed++;
        if (run.importing === null) stats.killedInStartup++;
      } else {
        expect(run.result.code, run.result.stderr).toBe(0);
        stats.finished++;
        // Follow the machine's pace: a run that finished tells how long one takes now.
        startup = (startup + run.startup) / 2;
        importing = (importing + run.importing!) / 2;
      }

      const seen = await observe();
      seen.forEach(({ rows, ledger }, round) => {
        expect([0, ENTRIES], `round ${round} after kill ${i} (${JSON.stringify(killAt)})`).toContain(rows);
        expect(ledger, `round ${round}: ledger agrees with rows`).toBe(rows === ENTRIES ? 1 : 0);
        if (round < rounds.length - 1) expect(rows).toBe(ENTRIES);
      });
      const current = seen[seen.length - 1]!;
      if (fs.existsSync(legacyFile)) {
        if (current.rows === ENTRIES) stats.committedNotMoved++; // the next run only moves it
      } else {
        expect(current.rows, 'a file is moved only after its import committed').toBe(ENTRIES);
        startRound();
      }
    }

    // A clean run finishes whatever the last kill interrupted.
    const last = await runAndMaybeKill(null);
    expect(last.result.code, last.result.stderr).toBe(0);
    const final = await observe();
    expect(final.map((round) => round.rows)).toEqual(rounds.map(() => ENTRIES));
    expect(final.map((round) => round.ledger)).toEqual(rounds.map(() => 1));
    expect(fs.existsSync(legacyFile)).toBe(false);
    const backups = listBackups(legacyFile).map((backup) => createHash('sha256').update(fs.readFileSync(backup)).digest('hex'));
    expect(backups.sort()).toEqual(rounds.map((round) => round.sha256).sort());

    console.log(
      `crash test: ${ITERATIONS} runs (${stats.killed} killed, ${stats.killedInStartup} of them in start-up; ${stats.finished} finished), ` +
        `${rounds.length} files imported, ${stats.committedNotMoved} kills between commit and backup; ` +
        `start-up ~${startup.toFixed(0)} ms, import to exit ~${importing.toFixed(0)} ms; ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
    );
    expect(stats.killed).toBeGreaterThan(ITERATIONS / 2);
    expect(rounds.length, 'some kills must land after the commit').toBeGreaterThan(2);
    expect(rounds.length, 'some kills must land before the commit').toBeLessThan(ITERATIONS);
  });
});
