/** Every agent query lives under ['agent', …] so that a resync can refetch them all at once. */
export const agentKeys = {
  all: ['agent'] as const,
  inbox: ['agent', 'inbox'] as const,
  interaction: (id: string) => ['agent', 'interaction', id] as const,
  earlier: (id: string) => ['agent', 'earlier', id] as const,
  colleagues: ['agent', 'colleagues'] as const,
};
