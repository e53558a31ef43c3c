import { useEffect } from 'react';

/** Sets the tab title ("<page> | Onair") while the calling page is shown. */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} | Onair` : 'Onair';
  }, [title]);
}
