'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { NAV_ITEMS } from './nav-items';

/** Alt+1…Alt+n opens the n-th screen, from anywhere (editors included: Alt+digit types nothing useful). */
export function useNavShortcuts() {
  const router = useRouter();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const index = Number(event.code.replace('Digit', '')) - 1;
      const item = Number.isInteger(index) ? NAV_ITEMS[index] : undefined;
      if (!item) return;
      event.preventDefault();
      router.push(item.href);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router]);
}
