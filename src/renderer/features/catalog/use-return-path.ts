import { useLocation } from 'react-router';

/** The catalog view the user came from (with its filters), or the plain catalog. */
export function useReturnPath(): string {
  const state: unknown = useLocation().state;
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const { from } = state;
    if (typeof from === 'string' && from.startsWith('/catalog')) return from;
  }
  return '/catalog';
}
