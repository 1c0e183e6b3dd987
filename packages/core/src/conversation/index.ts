export { fillCannedResponse, findCanned, type CannedEntry, type CannedVariables } from './canned-response';
export {
  channelWindow,
  checkSend,
  whatsappWindow,
  windowApplies,
  WHATSAPP_WINDOW_MS,
  type SendCheck,
  type WhatsappWindow,
} from './whatsapp-window';
export { baseLanguage, languageOfNumber, rankTemplates, templateParamCount } from './message-template';
export { maskNumber, type NumberMasking } from './mask-number';
export {
  dispositionRequired,
  validateDisposition,
  type DispositionCheck,
  type DispositionChoice,
  type DispositionNode,
} from './disposition';
export { statusSupersedes, statusTimeAfter, type StatusMark } from './delivery-status';
export { SendBudget } from './send-budget';
