import { defineConfig } from 'drizzle-kit';

// The hub's migrations, apart from the workstation's (drizzle.config.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src-server/db/schema.ts',
  out: './src-server/migrations',
});
