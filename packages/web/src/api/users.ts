import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { routes, type PauseReasons, type Role, type UserCreate, type UserUpdate } from '@switchboard/protocol';
import { api } from './client';

export function useUsers(role?: Role) {
  return useQuery({
    queryKey: ['users', role ?? 'all'],
    queryFn: () => api.call(routes.listUsers, { query: role ? { role } : {} }),
  });
}

export function useSaveUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: null; body: UserCreate } | { id: string; body: UserUpdate }) =>
      input.id === null
        ? api.call(routes.createUser, { body: input.body })
        : api.call(routes.updateUser, { params: { id: input.id }, body: input.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { id: string; password: string }) =>
      api.call(routes.resetPassword, { params: { id: input.id }, body: { password: input.password } }),
  });
}

const pauseReasonsKey = ['pause-reasons'] as const;

export function usePauseReasons() {
  return useQuery({ queryKey: pauseReasonsKey, queryFn: () => api.call(routes.pauseReasons) });
}

export function useSavePauseReasons() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PauseReasons) => api.call(routes.setPauseReasons, { body }),
    onSuccess: (saved) => {
      if (saved && Array.isArray(saved.reasons)) client.setQueryData(pauseReasonsKey, saved);
      return client.invalidateQueries({ queryKey: pauseReasonsKey });
    },
  });
}
