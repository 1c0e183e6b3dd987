import type { UseFormReturnType } from '@mantine/form';
import type { CampaignFormValues } from './campaign-form';

export type CampaignForm = UseFormReturnType<CampaignFormValues>;
