import { SURVEY_CHOICES, type CampaignLanguage, type OutboundContent } from '@switchboard/protocol';
import type { Selectable } from 'kysely';
import type { SatisfactionSurveysTable } from '../../storage/schema';
import type { Executor } from '../conversation-store';

export type SurveyRow = Selectable<SatisfactionSurveysTable>;

/** How long an answer is accepted after the question went out (WhatsApp's customer-service window). */
export const SURVEY_ANSWER_WINDOW_MS = 24 * 3600_000;
/**
 * HeyNow: how long its bot is kept waiting for the customer's answer. The hand-back (endConversation) is
 * held until the answer, another message or this much time; a day would keep the customer from the bot.
 */
export const SURVEY_HANDBACK_WAIT_MS = 10 * 60_000;

/** What a close asks: the campaign's question, in its language. */
export interface SurveyRequest {
  question: string;
  language: CampaignLanguage;
}

/**
 * The question as a list to pick a score from (WhatsApp Cloud; Meta allows three reply buttons, too few for
 * five scores, and up to ten list rows). Each row's title starts with its score, which is what comes back as
 * the customer's reply; providers without lists send the question's text alone.
 */
export function surveyContent(survey: SurveyRequest): OutboundContent {
  const { button, labels } = SURVEY_CHOICES[survey.language];
  return {
    type: 'choice',
    text: survey.question,
    button,
    options: labels.map((label, i) => ({
      id: `score-${i + 1}`,
      title: `${i + 1} ${'★'.repeat(i + 1)}`,
      description: label,
    })),
  };
}

/**
 * The 1–5 score in a customer's reply: a lone digit, optionally followed by what people add to it ("4!",
 * "5 ⭐", "4️⃣", "3 - ok", or a list reply's title). "10", "4.5" or "1234" are not answers.
 */
export function scoreOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const match = /^\s*([1-5])(?![0-9.,])/u.exec(text);
  return match ? Number(match[1]) : null;
}

export async function insertSurvey(
  db: Executor,
  row: Omit<SurveyRow, 'state' | 'score' | 'answered_at'>,
): Promise<void> {
  await db
    .insertInto('satisfaction_surveys')
    .values({ ...row, state: 'awaiting', score: null, answered_at: null })
    .onConflict((oc) => oc.column('interaction_id').doNothing())
    .execute();
}

/** The question still waiting for this conversation's answer at `at`, the latest if several. */
export async function findAwaiting(
  db: Executor,
  providerId: string,
  externalConversationId: string,
  at: number,
): Promise<SurveyRow | undefined> {
  return db
    .selectFrom('satisfaction_surveys')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('external_conversation_id', '=', externalConversationId)
    .where('state', '=', 'awaiting')
    .where('expires_at', '>', at)
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Ends the wait: answered with a score, skipped or expired. False when it had already ended (a redelivery). */
export async function settleSurvey(
  db: Executor,
  interactionId: string,
  outcome: { state: 'answered'; score: number; at: number } | { state: 'skipped' | 'expired' },
): Promise<boolean> {
  const result = await db
    .updateTable('satisfaction_surveys')
    .set(
      outcome.state === 'answered'
        ? { state: 'answered', score: outcome.score, answered_at: outcome.at }
        : { state: outcome.state },
    )
    .where('interaction_id', '=', interactionId)
    .where('state', '=', 'awaiting')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Questions whose wait is over at `at`, oldest first. */
export async function dueSurveys(db: Executor, at: number, limit: number): Promise<SurveyRow[]> {
  return db
    .selectFrom('satisfaction_surveys')
    .selectAll()
    .where('state', '=', 'awaiting')
    .where('expires_at', '<=', at)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

export async function nextExpiry(db: Executor): Promise<number | null> {
  const row = await db
    .selectFrom('satisfaction_surveys')
    .select((eb) => eb.fn.min('expires_at').as('due'))
    .where('state', '=', 'awaiting')
    .executeTakeFirst();
  return row?.due === null || row?.due === undefined ? null : Number(row.due);
}

/** Answers given since `from`, for the satisfaction figures. */
export async function answeredSince(
  db: Executor,
  from: number,
): Promise<Pick<SurveyRow, 'interaction_id' | 'campaign_id' | 'agent_id' | 'score' | 'answered_at'>[]> {
  return db
    .selectFrom('satisfaction_surveys')
    .select(['interaction_id', 'campaign_id', 'agent_id', 'score', 'answered_at'])
    .where('state', '=', 'answered')
    .where('answered_at', '>=', from)
    .execute();
}
