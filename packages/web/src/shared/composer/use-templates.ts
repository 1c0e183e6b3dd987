import { useQuery } from '@tanstack/react-query';
import { routes } from '@switchboard/protocol';
import { api } from '../../api/client';

/** The approved templates of a conversation's provider, customer's language first (read once the window closes). */
export function useInteractionTemplates(interactionId: string) {
  return useQuery({
    queryKey: ['interactions', interactionId, 'templates'],
    queryFn: () => api.call(routes.interactionTemplates, { params: { id: interactionId } }),
    staleTime: 60_000,
  });
}
