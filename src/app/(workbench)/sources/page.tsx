import { DataSourcesPanel } from '@/components/sources/data-sources-panel';

export const metadata = { title: 'Data · DuckQuery' };

export default function DataPage() {
  return <DataSourcesPanel />;
}
