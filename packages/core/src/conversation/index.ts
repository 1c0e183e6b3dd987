export { fillCannedResponse, findCanned, type CannedEntry, type CannedVariables } from './canned-response';
export { checkSend, whatsappWindow, WHATSAPP_WINDOW_MS, type SendCheck, type WhatsappWindow } from './whatsapp-window';
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
