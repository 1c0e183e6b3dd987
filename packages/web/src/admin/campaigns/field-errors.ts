import type { FormErrors } from '@mantine/form';

export const CAMPAIGN_TABS = ['basic', 'schedule', 'limits', 'canned', 'dispositions', 'messages'] as const;
export type CampaignTab = (typeof CAMPAIGN_TABS)[number];

/** Where a server error is shown: the editor tab and the form path of the input. */
export interface FieldTarget {
  tab: CampaignTab;
  path: string;
}

const TAB_OF: Record<string, CampaignTab> = {
  name: 'basic',
  enabled: 'basic',
  strategy: 'basic',
  deliveryMode: 'basic',
  skills: 'basic',
  providerIds: 'basic',
  schedule: 'schedule',
  maxInteractionsPerAgent: 'limits',
  thresholds: 'limits',
  wrapUpSeconds: 'limits',
  maxTransferSeconds: 'limits',
  offerTimeout: 'limits',
  cannedResponses: 'canned',
  dispositions: 'dispositions',
  messages: 'messages',
  language: 'messages',
  queueUpdates: 'messages',
  survey: 'messages',
};

const THRESHOLDS = ['serviceLevel', 'shortAbandon', 'chatTime', 'acd', 'maxQueued', 'queueTimeout'];
const MESSAGES = ['welcome', 'outOfTime', 'notAvailable'];
const CANNED = ['title', 'shortcut', 'text'];

/** Conflicts that name no field still belong to one. */
const FIELD_OF_CODE: Record<string, string> = { name_taken: 'name', skill_ambiguous: 'skills' };

export function fieldOfError(code: string, field: string | undefined): string | undefined {
  return field ?? FIELD_OF_CODE[code];
}

/** The deepest disposition node named by the path, e.g. `dispositions.0.children.1`. */
function dispositionNode(parts: string[]): string | null {
  const node: string[] = [];
  let i = 0;
  while (i < parts.length) {
    const key = parts[i];
    const index = parts[i + 1];
    const expected = i === 0 ? 'dispositions' : 'children';
    if (key !== expected || index === undefined || !/^\d+$/.test(index) || node.length >= 6) break;
    node.push(key, index);
    i += 2;
  }
  return node.length > 0 ? node.join('.') : null;
}

/**
 * Maps the API's dotted `field` (e.g. `thresholds.acd`, `skills.1`, `schedule.ranges.0.to`) to the input
 * that shows it. Null when the field is unknown, so the caller falls back to a notification.
 */
export function campaignFieldTarget(field: string): FieldTarget | null {
  const parts = field.split('.');
  const [head, second, third] = parts;
  if (head === undefined) return null;
  const tab = TAB_OF[head];
  if (!tab) return null;
  switch (head) {
    case 'skills':
    case 'providerIds':
      return { tab, path: head };
    case 'thresholds':
      if (second === undefined || !THRESHOLDS.includes(second)) return null;
      // The service level is edited on the Basic tab, next to the strategy.
      return { tab: second === 'serviceLevel' ? 'basic' : tab, path: `thresholds.${second}` };
    case 'messages':
      return second !== undefined && MESSAGES.includes(second) ? { tab, path: `messages.${second}` } : null;
    case 'queueUpdates':
      return {
        tab,
        path:
          second === 'stepPositions' || second === 'everyMinutes' ? `queueUpdates.${second}` : 'queueUpdates.template',
      };
    case 'survey':
      return { tab, path: 'survey.question' };
    case 'offerTimeout':
      return { tab, path: second === 'pauseAfterMisses' ? 'offerTimeout.pauseAfterMisses' : 'offerTimeout.seconds' };
    case 'schedule': {
      if (second === 'timezone') return { tab, path: 'schedule.timezone' };
      if (second === 'ranges' && third !== undefined && /^\d+$/.test(third)) {
        const end = parts[3];
        return { tab, path: `schedule.ranges.${third}${end === 'from' || end === 'to' ? `.${end}` : ''}` };
      }
      return { tab, path: 'schedule.ranges' };
    }
    case 'cannedResponses': {
      if (second === undefined || !/^\d+$/.test(second)) return { tab, path: 'cannedResponses' };
      return {
        tab,
        path: `cannedResponses.${second}.${third !== undefined && CANNED.includes(third) ? third : 'title'}`,
      };
    }
    case 'dispositions': {
      const node = dispositionNode(parts);
      return { tab, path: node ? `${node}.name` : 'dispositions' };
    }
    default:
      return parts.length === 1 ? { tab, path: head } : null;
  }
}

/** The tabs holding at least one error, to mark them in the tab list. */
export function tabsWithErrors(errors: FormErrors): Set<CampaignTab> {
  const tabs = new Set<CampaignTab>();
  for (const [path, message] of Object.entries(errors)) {
    if (!message) continue;
    const target = campaignFieldTarget(path);
    if (target) tabs.add(target.tab);
  }
  return tabs;
}
