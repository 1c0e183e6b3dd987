import { oneOf } from './common';

/** The languages a campaign can speak to its customers in. */
export const CAMPAIGN_LANGUAGES = ['es', 'en', 'pt'] as const;
export type CampaignLanguage = (typeof CAMPAIGN_LANGUAGES)[number];
export const CampaignLanguage = oneOf(CAMPAIGN_LANGUAGES);

/** Every text a campaign sends to customers on its own, as a new campaign gets it. */
export interface CustomerTexts {
  welcome: string;
  outOfTime: string;
  notAvailable: string;
  /** {position} and {eta} are replaced. */
  queueTemplate: string;
  surveyQuestion: string;
}

/**
 * Written for customers, in each language. A text still equal to one of these is "untouched": changing a
 * campaign's language may replace it without losing anything an administrator wrote.
 */
export const DEFAULT_CUSTOMER_TEXTS: Record<CampaignLanguage, CustomerTexts> = {
  es: {
    welcome: '¡Hola! En breve te atiende una persona de nuestro equipo.',
    outOfTime: 'En este momento estamos fuera de horario. Escribinos de nuevo en nuestro horario de atención.',
    notAvailable: 'Ahora no hay nadie disponible para atenderte. Por favor, intentá de nuevo más tarde.',
    queueTemplate: 'Estás en el lugar {position} de la fila. Espera estimada: {eta}.',
    surveyQuestion:
      '¿Cómo calificarías la atención que recibiste? Respondé con un número del 1 (muy mala) al 5 (excelente).',
  },
  en: {
    welcome: 'Hi! An agent will be with you shortly.',
    outOfTime: 'We are closed right now. Please write again during our opening hours.',
    notAvailable: 'No agent is available right now. Please try again later.',
    queueTemplate: 'You are number {position} in the queue. Estimated wait: {eta}.',
    surveyQuestion:
      'How would you rate the help you received? Reply with a number from 1 (very poor) to 5 (excellent).',
  },
  pt: {
    welcome: 'Olá! Em breve uma pessoa da nossa equipe vai atender você.',
    outOfTime: 'Estamos fora do horário de atendimento. Escreva de novo no nosso horário de atendimento.',
    notAvailable: 'Não há ninguém disponível para atender você agora. Tente de novo mais tarde.',
    queueTemplate: 'Você é o número {position} na fila. Espera estimada: {eta}.',
    surveyQuestion:
      'Como você avalia o atendimento que recebeu? Responda com um número de 1 (muito ruim) a 5 (excelente).',
  },
};

/** Whether `text` is a default text of that kind in any language (so nobody edited it). */
export function isDefaultText(kind: keyof CustomerTexts, text: string): boolean {
  return CAMPAIGN_LANGUAGES.some((lang) => DEFAULT_CUSTOMER_TEXTS[lang][kind] === text.trim());
}

/** The satisfaction list's button and the words under each score (WhatsApp Cloud shows them as a list). */
export const SURVEY_CHOICES: Record<
  CampaignLanguage,
  { button: string; labels: readonly [string, string, string, string, string] }
> = {
  es: { button: 'Calificar', labels: ['Muy mala', 'Mala', 'Regular', 'Buena', 'Excelente'] },
  en: { button: 'Rate', labels: ['Very poor', 'Poor', 'Fair', 'Good', 'Excellent'] },
  pt: { button: 'Avaliar', labels: ['Muito ruim', 'Ruim', 'Regular', 'Boa', 'Excelente'] },
};
