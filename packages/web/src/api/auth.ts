import { useQuery, type QueryClient } from '@tanstack/react-query';
import { routes, type LoginBody, type Me } from '@switchboard/protocol';
import { ApiError, api } from './client';

export const meKey = ['me'] as const;

/** The signed-in user, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.call(routes.me);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity, retry: false });
}

export const login = (body: LoginBody) => api.call(routes.login, { body });
export const logout = () => api.call(routes.logout);

/**
 * Drops the user and every cached answer. The `me` query is set rather than removed so that the
 * guards already watching it see the change and send to /login.
 */
export function forgetSession(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
  client.setQueryData(meKey, null);
}
