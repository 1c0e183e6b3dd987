import { Alert, Loader } from '@mantine/core';
import { useParams } from 'react-router-dom';
import { useCampaign } from '../../api/campaigns';
import { CampaignEditor } from './CampaignEditor';

export function CampaignEditorPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const campaign = useCampaign(isNew ? null : id);
  if (isNew) return <CampaignEditor key="new" campaign={null} />;
  if (campaign.isPending) return <Loader />;
  if (campaign.error) return <Alert color="red">{campaign.error.message}</Alert>;
  return <CampaignEditor key={campaign.data.id} campaign={campaign.data} />;
}
