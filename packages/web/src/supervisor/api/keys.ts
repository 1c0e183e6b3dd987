/** Every supervisor query lives under ['supervisor', …] so that a resync can refetch them all at once. */
export const supervisorKeys = {
  all: ['supervisor'] as const,
  monitoring: ['supervisor', 'monitoring'] as const,
  monitoringList: ['supervisor', 'monitoring', 'list'] as const,
  monitoringDetail: (campaignId: string) => ['supervisor', 'monitoring', 'detail', campaignId] as const,
  interaction: (id: string) => ['supervisor', 'interaction', id] as const,
  recordings: (query: object) => ['supervisor', 'recordings', query] as const,
  agentOptions: ['supervisor', 'agent-options'] as const,
};
