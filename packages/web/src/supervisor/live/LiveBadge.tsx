import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLiveState } from './SupervisorLiveScope';

const COLOUR = { open: 'green', connecting: 'gray', reconnecting: 'orange', stopped: 'gray' } as const;

export function LiveBadge() {
  const { t } = useTranslation();
  const state = useLiveState();
  return (
    <Badge variant="dot" color={COLOUR[state]} data-testid="live-state" data-state={state}>
      {t(`supervisor.live.${state}`)}
    </Badge>
  );
}
