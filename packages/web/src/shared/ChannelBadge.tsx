import { Badge } from '@mantine/core';
import { CHANNELS, type Channel } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';

const COLOR: Record<Channel, string> = { whatsapp: 'green', facebook: 'blue', twitter: 'cyan' };
const isChannel = (value: string | undefined): value is Channel =>
  value !== undefined && (CHANNELS as readonly string[]).includes(value);

/** Which network the customer writes from (a HeyNow provider may carry WhatsApp, Facebook or Twitter). */
export function ChannelBadge({ channel }: { channel: string | undefined }) {
  const { t } = useTranslation();
  if (channel === undefined) return null;
  return (
    <Badge
      size="xs"
      variant="light"
      color={isChannel(channel) ? COLOR[channel] : 'gray'}
      data-testid="channel-badge"
      data-channel={channel}
    >
      {isChannel(channel) ? t(`providers.channels.${channel}`) : channel}
    </Badge>
  );
}
