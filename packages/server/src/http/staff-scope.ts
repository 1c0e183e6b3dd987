import type { FastifyRequest } from 'fastify';
import { requireUser } from './access';
import type { Services } from '../services';

/**
 * The campaigns a supervisor is scoped to; undefined for an administrator (everything). Agents get their
 * (empty) scope too; routes that serve agents decide their access by ownership and membership instead.
 */
export async function scopeOf(
  services: Pick<Services, 'users'>,
  request: FastifyRequest,
): Promise<string[] | undefined> {
  const user = requireUser(request);
  return user.role === 'administrator' ? undefined : services.users.scopeOf(user.id);
}
