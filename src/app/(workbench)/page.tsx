import { QueryWorkbench } from '@/components/query/query-workbench';

export const metadata = { title: 'Query · DuckQuery' };

export default function QueryPage() {
  return <QueryWorkbench />;
}
