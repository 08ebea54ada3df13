import { ConnectionsPage } from '@/components/connections/connections-page';

export const metadata = { title: 'Connections · DuckQuery' };

export default function Page() {
  return <ConnectionsPage />;
}
