// Every table of the local store, for drizzle's typed queries and drizzle-kit.
export * from './meta.table';
export * from './outbox.table';
export * from '../audit/table';
export * from '../patients/table';
export * from '../session/table';
export * from '../calls/table';
export * from '../tasks/table';
export * from '../sync/table';
export * from '../schedule/table';
