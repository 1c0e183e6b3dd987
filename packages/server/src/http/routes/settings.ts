import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PauseReasons } from '@switchboard/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireUser } from '../access';
import type { RouteDeps } from './deps';

export const settingsRoutes: FastifyPluginAsync<RouteDeps> = async (root, { services }) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/settings/pause-reasons',
    { config: { access: 'authenticated' }, schema: { response: { 200: PauseReasons } } },
    async () => ({
      reasons: await services.settings.pauseReasons(),
    }),
  );

  app.put(
    '/api/settings/pause-reasons',
    { config: { access: ['administrator'] }, schema: { body: PauseReasons, response: { 200: PauseReasons } } },
    async (request) => ({
      reasons: await services.settings.setPauseReasons(request.body.reasons, requireUser(request)),
    }),
  );
};
