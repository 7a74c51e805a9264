import type { z } from 'zod';
import type { ChannelDef } from '../../src-shared/ipc/channel';
import type { SessionUser } from '../../src-shared/session/contract';

/** What a handler of a signed-in channel knows about its call. */
export interface ActorContext {
  actor: SessionUser;
}
/** Public channels (sign-in) run with or without a session. */
export interface PublicContext {
  session: SessionUser | null;
}

export type Handler<C extends ChannelDef> = (
  input: z.output<C['input']>,
  ctx: C['roles'] extends 'public' ? PublicContext : ActorContext,
) => z.input<C['output']> | Promise<z.input<C['output']>>;

export type HandlersFor<M extends Record<string, ChannelDef>> = { [K in keyof M]: Handler<M[K]> };
