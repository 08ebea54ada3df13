import { FavoritesPage } from '@/components/favorites/favorites-page';

export const metadata = { title: 'Favorites · DuckQuery' };

export default function Page() {
  return <FavoritesPage />;
}
