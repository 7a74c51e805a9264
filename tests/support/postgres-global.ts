import type { TestProject } from 'vitest/node';
import { startCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose role may CREATE DATABASE; each hub test makes its own database. */
    pgAdminUrl: string;
  }
}

/**
 * The hub's tests run against a real PostgreSQL server: DATABASE_URL when set (a
 * CI service), else a throwaway cluster started here from Debian's `postgresql`
 * package on a free loopback port, owned by the `postgres` user when we run as
 * root (PostgreSQL refuses to run as root), and removed afterwards.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.DATABASE_URL) {
    project.provide('pgAdminUrl', process.env.DATABASE_URL);
    return () => undefined;
  }
  // fsync off: a throwaway test cluster, never a place data must survive a power cut.
  const cluster = await startCluster({ durable: false });
  project.provide('pgAdminUrl', cluster.url);
  return cluster.stop;
}
