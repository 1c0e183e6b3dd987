import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PauseReasons, Role, User, UserCreate, UserUpdate } from '@switchboard/protocol';
import { api } from './client';

export function useUsers(role?: Role) {
  return useQuery({
    queryKey: ['users', role ?? 'all'],
    queryFn: () => api.get<User[]>(role ? `/api/users?role=${role}` : '/api/users'),
  });
}

export function useSaveUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: null; body: UserCreate } | { id: string; body: UserUpdate }) =>
      input.id === null
        ? api.post<User>('/api/users', input.body)
        : api.patch<User>(`/api/users/${encodeURIComponent(input.id)}`, input.body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { id: string; password: string }) =>
      api.post<void>(`/api/users/${encodeURIComponent(input.id)}/password`, { password: input.password }),
  });
}

const pauseReasonsKey = ['pause-reasons'] as const;

export function usePauseReasons() {
  return useQuery({ queryKey: pauseReasonsKey, queryFn: () => api.get<PauseReasons>('/api/settings/pause-reasons') });
}

export function useSavePauseReasons() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PauseReasons) => api.put<PauseReasons>('/api/settings/pause-reasons', body),
    onSuccess: (saved) => {
      if (saved && Array.isArray(saved.reasons)) client.setQueryData(pauseReasonsKey, saved);
      return client.invalidateQueries({ queryKey: pauseReasonsKey });
    },
  });
}
