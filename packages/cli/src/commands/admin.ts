/**
 * icpdesk admin create --email E --organisation NAME: the first owner (user, organisation, owner membership).
 * The password comes from ICPDESK_ADMIN_PASSWORD or from standard input, never from the command line (where
 * other users and the shell history would see it). There is no default password.
 */
import { resolve } from 'node:path';
import { AuthError, createOwner, migrate, openDb } from '@icpdesk/store';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';

export interface AdminCreateArgs {
  email?: string;
  organisation?: string;
  dataDir?: string;
}

export async function adminCreateCommand(io: Io, a: AdminCreateArgs): Promise<number> {
  if (!a.email || !a.organisation)
    throw new CliError(
      'USAGE',
      'usage: icpdesk admin create --email <e-mail> --organisation <name> (see icpdesk admin create --help)',
    );
  const password = await readPassword(io);
  const db = await openDb({ url: process.env.DATABASE_URL, dataDir: resolve(io.cwd, a.dataDir ?? 'data') });
  try {
    await migrate(db);
    const o = await createOwner(db, { email: a.email, password, organisation: a.organisation });
    io.out(
      `created owner ${o.email} of organisation ${a.organisation.trim()} (${o.organisationId}) in ${db.location}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof AuthError) throw new CliError('USAGE', `${e.code}: ${e.zh} / ${e.en}`);
    throw e;
  } finally {
    await db.close();
  }
}

async function readPassword(io: Io): Promise<string> {
  const fromEnv = process.env.ICPDESK_ADMIN_PASSWORD;
  const text = fromEnv !== undefined && fromEnv !== '' ? fromEnv : await io.readStdin();
  const password = text.replace(/\r?\n$/, '');
  if (!password)
    throw new CliError(
      'USAGE',
      'no password: set ICPDESK_ADMIN_PASSWORD or pipe it on standard input (it is never taken from the command line)',
    );
  if (password.includes('\n'))
    throw new CliError('USAGE', 'the password on standard input must be a single line');
  return password;
}
