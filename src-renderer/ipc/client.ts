import type { Result } from '../../src-shared/errors';
import type { ChannelInput, ChannelOutput } from '../../src-shared/ipc/channel';
import type { Contract, ChannelName } from '../../src-shared/ipc/contract';
import { bridge } from './transport';

/** Typed call into the main process: the channel name picks the input and output types. */
export function call<C extends ChannelName>(
  channel: C,
  input: ChannelInput<Contract[C]>,
): Promise<Result<ChannelOutput<Contract[C]>>> {
  return bridge.invoke(channel, input) as Promise<Result<ChannelOutput<Contract[C]>>>;
}

export const subscribe = bridge.subscribe.bind(bridge);
