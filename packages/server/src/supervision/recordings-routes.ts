import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams, RecordingPage, RecordingQuery } from '@switchboard/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireUser } from '../http/access';
import type { RouteDeps } from '../http/routes/deps';
import type { RecordingScope } from './recordings-filter';
import { recordingsCsv, transcriptText } from './recordings-export';
import { scopeOf } from '../http/staff-scope';

const staff = { access: ['administrator', 'supervisor'] as const };
const TranscriptQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('txt'), Type.Literal('json')])) });

/** D7 Recordings: search with paging, CSV export, transcript download. */
export const recordingsRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const scoped = async (request: FastifyRequest): Promise<RecordingScope> => {
    const campaigns = await scopeOf(services, request);
    return {
      ...(campaigns ? { campaigns } : {}),
      timeZoneOf: (id) => services.router.campaign(id)?.schedule?.timezone,
    };
  };

  app.get(
    '/api/recordings',
    { config: staff, schema: { querystring: RecordingQuery, response: { 200: RecordingPage } } },
    async (request) => services.recordings.search(request.query, await scoped(request)),
  );

  app.get(
    '/api/recordings.csv',
    { config: staff, schema: { querystring: Type.Omit(RecordingQuery, ['page', 'pageSize']) } },
    async (request, reply) => {
      const rows = await services.recordings.exportRows(request.query, await scoped(request));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="recordings-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(recordingsCsv(rows));
    },
  );

  app.get(
    '/api/recordings/:id/transcript',
    { config: staff, schema: { params: IdParams, querystring: TranscriptQuery } },
    async (request, reply) => {
      const user = requireUser(request);
      const detail = await services.agentWork.detail(user, request.params.id, await scopeOf(services, request));
      const json = request.query.format === 'json';
      const { interaction, messages, timeline } = detail;
      return reply
        .header('content-type', json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="transcript-${interaction.id}.${json ? 'json' : 'txt'}"`)
        .send(json ? JSON.stringify({ interaction, messages, timeline }, null, 2) : transcriptText(detail));
    },
  );
};
