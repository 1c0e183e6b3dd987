import { useQuery } from '@tanstack/react-query';
import type { LoginBody, Me } from '@switchboard/protocol';
import { ApiError, api } from './client';

export const meKey = ['me'] as const;

/** The signed-in user, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/auth/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity, retry: false });
}

export const login = (body: LoginBody) => api.post<Me>('/api/auth/login', body);
export const logout = () => api.post<void>('/api/auth/logout');
