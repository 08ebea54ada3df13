import type { Page } from '../shared/list';
import type { DatasourceListInput, StoredDatasource } from './datasource';

export type NewStoredDatasource = Omit<StoredDatasource, 'created_at' | 'updated_at'> & { created_at?: Date };

/** Storage contract for connections; params arrive here already encrypted. */
export interface DatasourcesStore {
  list(input: DatasourceListInput): Promise<Page<StoredDatasource>>;
  get(id: string): Promise<StoredDatasource | null>;
  /** CONFLICT when the id exists. */
  create(record: NewStoredDatasource): Promise<StoredDatasource>;
  /** Atomic read-modify-write: `change` sees the current row and returns the next one. NOT_FOUND when absent. */
  update(id: string, change: (current: StoredDatasource) => NewStoredDatasource): Promise<StoredDatasource>;
  /** INSERT … ON CONFLICT (id) DO UPDATE with the whole record. */
  upsert(record: NewStoredDatasource): Promise<StoredDatasource>;
  delete(id: string): Promise<StoredDatasource>;
}
