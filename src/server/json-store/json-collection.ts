import type { JsonFile } from './json-file';

/** How one legacy file maps to records. */
export interface EntryCodec<R> {
  /** The entries of a parsed document (undefined: no file yet); throws UNAVAILABLE on a shape the legacy app never wrote. */
  entries(document: unknown, filePath: string): unknown[];
  /** The document to write: `entries`, in the current legacy layout, keeping whatever else `previous` held. */
  document(previous: unknown, entries: unknown[]): unknown;
  /** The record an entry holds; null for an entry the app cannot use (it stays in the file untouched). */
  decode(entry: unknown): R | null;
  /** The entry for `record`; `previous` is the entry it replaces, if any (to keep its unchanged text). */
  encode(record: R, previous: unknown): unknown;
  key(record: R): string;
}

interface Row<R> {
  entry: unknown;
  record: R | null;
}

/**
 * The records of one file, changed in memory by a store operation. Entries that do not decode,
 * and later duplicates of a key (the first one wins, as in the importer), are never shown but are
 * written back as they were; only the entries an operation changes are re-encoded.
 */
export class Table<R> {
  private readonly rows: Row<R>[];
  changed = false;

  constructor(
    entries: unknown[],
    private readonly codec: EntryCodec<R>,
  ) {
    this.rows = entries.map((entry) => ({ entry, record: codec.decode(entry) }));
  }

  records(): R[] {
    const seen = new Set<string>();
    const visible: R[] = [];
    for (const { record } of this.rows) {
      if (record === null || seen.has(this.codec.key(record))) continue;
      seen.add(this.codec.key(record));
      visible.push(record);
    }
    return visible;
  }

  get(key: string): R | null {
    return this.firstRow(key)?.record ?? null;
  }

  /** Replaces the record with that key, or appends it. */
  put(record: R): R {
    const row = this.firstRow(this.codec.key(record));
    const entry = this.codec.encode(record, row?.entry);
    // Decoding what was encoded returns exactly what a later read will see.
    const stored = this.codec.decode(entry);
    if (stored === null) throw new Error(`A record with key '${this.codec.key(record)}' could not be encoded as a legacy entry`);
    if (row) Object.assign(row, { entry, record: stored });
    else this.rows.push({ entry, record: stored });
    this.changed = true;
    return stored;
  }

  /** Removes every entry with that key (hidden duplicates too: after a delete, `get` finds nothing). */
  remove(key: string): void {
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const record = this.rows[i]!.record;
      if (record !== null && this.codec.key(record) === key) this.rows.splice(i, 1);
    }
    this.changed = true;
  }

  entries(): unknown[] {
    return this.rows.map((row) => row.entry);
  }

  private firstRow(key: string): Row<R> | undefined {
    return this.rows.find((row) => row.record !== null && this.codec.key(row.record) === key);
  }
}

export class JsonCollection<R> {
  constructor(
    readonly file: JsonFile,
    private readonly codec: EntryCodec<R>,
  ) {}

  /** Lock-free: the writer's rename makes every read see one whole version of the file. */
  async records(): Promise<R[]> {
    return this.table(await this.file.read()).records();
  }

  async get(key: string): Promise<R | null> {
    return this.table(await this.file.read()).get(key);
  }

  /** One atomic read-modify-write. If `work` throws, nothing is written. */
  change<T>(work: (table: Table<R>) => T): Promise<T> {
    return this.file.update((document) => {
      const table = this.table(document);
      const result = work(table);
      return { result, next: table.changed ? this.codec.document(document, table.entries()) : undefined };
    });
  }

  private table(document: unknown): Table<R> {
    return new Table(this.codec.entries(document, this.file.path), this.codec);
  }
}
