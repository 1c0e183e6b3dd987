import { routes, type RecordingRow, type TimelineEvent } from '@switchboard/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireUser } from '../http/access';
import { route } from '../http/route';
import { scopeOf } from '../http/staff-scope';
import type { Services } from '../services';
import type { RecordingScope } from './recordings-filter';
import { recordingsCsv, transcriptText } from './recordings-export';

/** Recordings: search with paging, CSV export, transcript download. */
export function registerRecordingsRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'recordings' | 'router' | 'agentWork' | 'users'>,
): void {
  const scoped = async (request: FastifyRequest): Promise<RecordingScope> => {
    const campaigns = await scopeOf(services, request);
    return {
      ...(campaigns ? { campaigns } : {}),
      timeZoneOf: (id) => services.router.campaign(id)?.schedule?.timezone,
    };
  };

  /** The person named on the close event, with their role (a supervisor who closed a taken-over chat). */
  const closerOf = async (timeline: readonly TimelineEvent[]): Promise<RecordingRow['closedBy']> => {
    const closed = timeline.findLast((e) => e.type === 'closed');
    if (!closed?.agentId) return null;
    const user = await services.users.get(closed.agentId).catch(() => undefined);
    return user ? { name: user.displayName, role: user.role } : null;
  };

  route(app, routes.recordings, async (request) => services.recordings.search(request.query, await scoped(request)));

  route(app, routes.recordingsCsv, async (request, reply) => {
    const scope = await scoped(request);
    const rows = await services.recordings.exportRows(request.query, scope);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="recordings-${new Date().toISOString().slice(0, 10)}.csv"`)
      .status(200)
      .send(recordingsCsv(rows, scope.timeZoneOf));
  });

  route(app, routes.transcript, async (request, reply) => {
    const user = requireUser(request);
    const detail = await services.agentWork.detail(user, request.params.id, await scopeOf(services, request));
    const json = request.query.format === 'json';
    const { interaction, messages, timeline } = detail;
    const timeZone =
      (interaction.campaignId && services.router.campaign(interaction.campaignId)?.schedule?.timezone) || 'UTC';
    const text = json ? '' : transcriptText(detail, timeZone, await closerOf(timeline));
    return reply
      .header('content-type', json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="transcript-${interaction.id}.${json ? 'json' : 'txt'}"`)
      .status(200)
      .send(json ? JSON.stringify({ interaction, messages, timeline }, null, 2) : text);
  });
}
