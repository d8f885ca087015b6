import { useEffect } from 'react';

/** "Catalog · Concordat" in the window title and the OS task switcher. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Concordat` : 'Concordat';
  }, [title]);
}
