import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Small facts about this store: the device id, the last clock stamp issued. */
export const storeMeta = sqliteTable('store_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
