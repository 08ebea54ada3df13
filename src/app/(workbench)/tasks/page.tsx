import { TasksPage } from '@/components/tasks/tasks-page';

export const metadata = { title: 'Tasks · DuckQuery' };

export default function Page() {
  return <TasksPage />;
}
