import { patientChannels } from '../patients/contract';
import { sessionChannels } from '../session/contract';
import { userChannels } from '../session/users.contract';
import { auditChannels } from '../audit/contract';
import { callChannels } from '../calls/contract';
import { taskChannels } from '../tasks/contract';
import { syncChannels } from '../sync/contract';
import { scheduleChannels } from '../schedule/contract';
import { policyChannels } from '../policy/contract';
import { storeChannels } from '../store/contract';

/**
 * The whole IPC contract: every channel the renderer may call. A feature adds its
 * channels here, and nowhere else, so this list is what crosses the bridge.
 */
export const contract = {
  ...sessionChannels,
  ...userChannels,
  ...auditChannels,
  ...patientChannels,
  ...callChannels,
  ...taskChannels,
  ...syncChannels,
  ...scheduleChannels,
  ...policyChannels,
  ...storeChannels,
};

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
