/**
 * Vitest global setup: a throwaway PostgreSQL cluster, so that every database test also runs on PostgreSQL.
 *
 * TEST_DATABASE_URL set: that server is used as it is (the tests create and drop their own databases in it).
 * Otherwise initdb/pg_ctl/postgres are looked for on PATH and under /usr/lib/postgresql/<version>/bin
 * (where Debian keeps them), and a cluster is made in a temporary directory: trust authentication for the
 * user icpdesk, listening on 127.0.0.1 at a free port with its socket in the same directory, fsync off. As
 * root (CI) the binaries run as the `postgres` system user, since initdb refuses to run as root. Teardown
 * stops the cluster and deletes the directory.
 *
 * No PostgreSQL at all: with CI set, the run fails with a message saying what to install; on a developer's
 * machine the PostgreSQL suites are skipped and say why.
 */
import type { TestProject } from 'vitest/node';
import { findPgBin, startCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a PostgreSQL database the tests may create databases from; '' when there is none */
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    project.provide('pgUrl', given);
    return undefined;
  }
  const bin = findPgBin();
  if (!bin) {
    const message =
      'PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or under /usr/lib/postgresql/*/bin: install the Debian package postgresql (.ci/run does) or set TEST_DATABASE_URL';
    if (isCi()) throw new Error(message);
    console.warn(`\n[icpdesk] ${message}. The PostgreSQL test suites are skipped.\n`);
    project.provide('pgUrl', '');
    return undefined;
  }
  const cluster = await startCluster(bin);
  project.provide('pgUrl', cluster.url);
  return cluster.stop;
}

function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}
