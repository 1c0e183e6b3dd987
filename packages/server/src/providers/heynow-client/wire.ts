/**
 * The HeyNow Client API wire format (docs/heynow-contract.md) as TypeBox schemas: the login, its answer,
 * and the one-shot send. Answers are read tolerantly (../wire-check.ts): HeyNow may add fields.
 */
import { Type, type Static } from '@sinclair/typebox';
import { compileWire } from '../wire-check';

/** `POST {domain}/api/login`. */
export const ClientLoginBody = Type.Object({ name: Type.String(), password: Type.String() });
export type ClientLoginBody = Static<typeof ClientLoginBody>;

/** A login that worked: `success: true` and a token; `expiresIn` in seconds when HeyNow says it. */
export const ClientLoginResponse = Type.Object({
  success: Type.Literal(true),
  token: Type.String({ minLength: 1 }),
  expiresIn: Type.Optional(Type.Unknown()),
});

/** `POST {domain}/api/messages`: text or a template, to one number. */
export const ClientSendBody = Type.Union([
  Type.Object({ platformId: Type.String(), to: Type.String(), type: Type.Literal('text'), text: Type.String() }),
  Type.Object({
    platformId: Type.String(),
    to: Type.String(),
    type: Type.Literal('template'),
    template: Type.Object({ name: Type.String(), language: Type.String(), params: Type.Array(Type.String()) }),
  }),
]);
export type ClientSendBody = Static<typeof ClientSendBody>;

/** HeyNow's answer to a send: the id it gave the message, when it says one. */
export const ClientSendResponse = Type.Object({ messageId: Type.Union([Type.String(), Type.Number()]) });

export const responses = {
  login: compileWire(ClientLoginResponse),
  send: compileWire(ClientSendResponse),
};
