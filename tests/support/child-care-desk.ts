import { startCareDesk, type CareDeskOptions } from '../../src-main/services';
import { MINIMUM_SCRYPT_COST } from '../../src-shared/session/verifier';

/**
 * The app inside a child process a test kills: the store in CAREDESK_TEST_DIR with the
 * key in CAREDESK_DB_KEY, and the hub at CAREDESK_HUB_URL when the test gives one (the
 * store already enrolled and signed in there). Sync runs only when the child calls it.
 */
export function childCareDesk(options: Partial<CareDeskOptions> = {}) {
  return startCareDesk({
    dataDir: process.env.CAREDESK_TEST_DIR!,
    key: Buffer.from(process.env.CAREDESK_DB_KEY!, 'hex'),
    trustedOrigins: [],
    bootstrapAdmin: '',
    scryptCost: MINIMUM_SCRYPT_COST,
    hubUrl: process.env.CAREDESK_HUB_URL,
    syncInBackground: false,
    ...options,
  });
}
