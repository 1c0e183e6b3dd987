import { Type } from '@sinclair/typebox';
import { ErrorBody, IdParams } from '../common';
import { ServiceToken, ServiceTokenCreate, ServiceTokenCreated } from '../service-tokens';
import { LoginBody, Me, PasswordReset, PauseReasons, Role, User, UserCreate, UserUpdate } from '../users';
import { defineRoute, NoContent } from './define';

const admin = ['administrator'] as const;

export const UsersQuery = Type.Object({ role: Type.Optional(Role) });

/** Signing in and out, users, the pause reasons, and service tokens. */
export const accountRoutes = {
  login: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    body: LoginBody,
    responses: { 200: Me, 401: ErrorBody },
    access: 'public',
    summary: 'Sign in; sets the session cookie',
    tags: ['accounts'],
  }),
  logout: defineRoute({
    method: 'POST',
    path: '/api/auth/logout',
    responses: { 204: NoContent('Signed out; the session cookie is cleared') },
    access: 'authenticated',
    tags: ['accounts'],
  }),
  me: defineRoute({
    method: 'GET',
    path: '/api/auth/me',
    responses: { 200: Me },
    access: 'authenticated',
    tags: ['accounts'],
  }),

  listUsers: defineRoute({
    method: 'GET',
    path: '/api/users',
    query: UsersQuery,
    responses: { 200: Type.Array(User) },
    access: admin,
    tags: ['accounts'],
  }),
  createUser: defineRoute({
    method: 'POST',
    path: '/api/users',
    body: UserCreate,
    responses: { 201: User },
    access: admin,
    tags: ['accounts'],
  }),
  getUser: defineRoute({
    method: 'GET',
    path: '/api/users/:id',
    params: IdParams,
    responses: { 200: User },
    access: admin,
    tags: ['accounts'],
  }),
  updateUser: defineRoute({
    method: 'PATCH',
    path: '/api/users/:id',
    params: IdParams,
    body: UserUpdate,
    responses: { 200: User },
    access: admin,
    tags: ['accounts'],
  }),
  resetPassword: defineRoute({
    method: 'POST',
    path: '/api/users/:id/password',
    params: IdParams,
    body: PasswordReset,
    responses: { 204: NoContent() },
    access: admin,
    tags: ['accounts'],
  }),

  pauseReasons: defineRoute({
    method: 'GET',
    path: '/api/settings/pause-reasons',
    responses: { 200: PauseReasons },
    access: 'authenticated',
    tags: ['settings'],
  }),
  setPauseReasons: defineRoute({
    method: 'PUT',
    path: '/api/settings/pause-reasons',
    body: PauseReasons,
    responses: { 200: PauseReasons },
    access: admin,
    tags: ['settings'],
  }),

  listServiceTokens: defineRoute({
    method: 'GET',
    path: '/api/service-tokens',
    responses: { 200: Type.Array(ServiceToken) },
    access: admin,
    tags: ['service tokens'],
  }),
  createServiceToken: defineRoute({
    method: 'POST',
    path: '/api/service-tokens',
    body: ServiceTokenCreate,
    responses: { 201: ServiceTokenCreated },
    access: admin,
    summary: 'Create a token; its secret is in this answer only',
    tags: ['service tokens'],
  }),
  revokeServiceToken: defineRoute({
    method: 'DELETE',
    path: '/api/service-tokens/:id',
    params: IdParams,
    responses: { 204: NoContent() },
    access: admin,
    tags: ['service tokens'],
  }),
};
