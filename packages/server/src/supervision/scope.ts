import type { FastifyRequest } from 'fastify';
import { requireUser } from '../http/access';
import type { Services } from '../services';

/** D8: the campaigns a supervisor is scoped to; undefined for an administrator (everything). */
export async function scopeOf(
  services: Pick<Services, 'users'>,
  request: FastifyRequest,
): Promise<string[] | undefined> {
  const user = requireUser(request);
  return user.role === 'administrator' ? undefined : services.users.scopeOf(user.id);
}
