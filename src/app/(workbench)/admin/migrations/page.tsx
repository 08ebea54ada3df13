import { MigrationsPage } from '@/components/admin/migrations-page';

export const metadata = { title: 'Admin · DuckQuery' };

export default function Page() {
  return <MigrationsPage />;
}
