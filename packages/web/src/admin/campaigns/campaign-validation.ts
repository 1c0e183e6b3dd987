import type { FormErrors } from '@mantine/form';
import type { CampaignFormValues } from './campaign-form';
import { nodeFieldPath, type DispositionNode } from './disposition-tree';

export interface ValidationMessages {
  required: string;
  shortcut: string;
}

const SHORTCUT = /^\/[a-z0-9_-]{1,40}$/;

function checkNodes(nodes: readonly DispositionNode[], parent: number[], errors: FormErrors, required: string): void {
  nodes.forEach((node, i) => {
    const path = [...parent, i];
    if (!node.name.trim()) errors[`${nodeFieldPath(path)}.name`] = required;
    checkNodes(node.children ?? [], path, errors, required);
  });
}

/** The checks worth doing before a round trip; the server stays the authority on everything else. */
export function validateCampaign(v: CampaignFormValues, messages: ValidationMessages): FormErrors {
  const errors: FormErrors = {};
  if (!v.name.trim()) errors.name = messages.required;
  v.cannedResponses.forEach((r, i) => {
    if (!r.title.trim()) errors[`cannedResponses.${i}.title`] = messages.required;
    if (!SHORTCUT.test(r.shortcut.trim())) errors[`cannedResponses.${i}.shortcut`] = messages.shortcut;
    if (!r.text.trim()) errors[`cannedResponses.${i}.text`] = messages.required;
  });
  checkNodes(v.dispositions, [], errors, messages.required);
  if (!v.survey.question.trim()) errors['survey.question'] = messages.required;
  if (!v.queueUpdates.template.trim()) errors['queueUpdates.template'] = messages.required;
  return errors;
}
