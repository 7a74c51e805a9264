// A script that writes to a store, lets the idle checkpoint run, and ends without closing
// the store (as a one-off script or a bench may): idle-checkpoint.test.ts checks it exits.
import { Store } from '../../src-main/store/store';
import { addVisits } from '../support/visits';

const store = Store.open({
  path: process.env.CAREDESK_TEST_DB!,
  key: Buffer.from(process.env.CAREDESK_DB_KEY!, 'hex'),
});
addVisits(store, 0, 100);
// Past the idle pause, so the checkpoint worker has started and checkpointed.
setTimeout(() => process.stdout.write('checkpointed\n'), 1_000);
