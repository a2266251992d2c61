/**
 * Reads an application package — a folder or a .zip — into memory facts about its files, without writing
 * anything anywhere. Hostile input is expected: paths that escape the package (zip-slip), links, archives
 * that expand far beyond their size, corrupt archives. Each is refused with a PackError.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import yauzl from 'yauzl';
import { PackError } from './errors.ts';

export interface Limits {
  /** most entries (files and folders) a package may have */
  maxEntries: number;
  /** most bytes all files may add up to, uncompressed */
  maxTotalBytes: number;
  /** most bytes one file may have; larger files are not read (kb's document limit is checked separately) */
  maxFileBytes: number;
  /** largest uncompressed/compressed ratio of one zip entry (zip bombs reach thousands) */
  maxRatio: number;
}

/** Safety limits of the reader itself (not legal facts): generous for real packages, fatal for bombs. */
export const defaultLimits: Limits = {
  maxEntries: 10_000,
  maxTotalBytes: 1 << 30,
  maxFileBytes: 256 << 20,
  maxRatio: 200,
};

export interface FileFacts {
  /** path inside the package, with forward slashes */
  path: string;
  size: number;
  /** the first bytes, for type detection by magic number */
  head: Uint8Array;
  sha256: string;
}

export interface PackageContents {
  kind: 'folder' | 'zip';
  source: string;
  files: Map<string, FileFacts>;
  /** the bytes of the manifest (application.yaml at the top or in one top folder), decoded by readManifest */
  manifests: Map<string, Uint8Array>;
}

/** enough for the magic bytes of PDF, JPEG and PNG, and a zip's first entry name (a Word document's) */
const HEAD = 64;
/** the manifest, at the top level or inside one top folder (a zipped folder) */
const isManifest = (path: string) => /^([^/]+\/)?application\.ya?ml$/.test(path);

/** A package-relative path, or a PackError when it is absolute or climbs out of the package. */
export function safePath(name: string): string {
  if (name.includes('\0')) throw new PackError('PATH_ESCAPES', `entry "${name}" has a NUL character`);
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed))
    throw new PackError(
      'PATH_ESCAPES',
      `entry "${name}" is an absolute path; packages may hold relative paths only`,
    );
  const norm = posix.normalize(slashed);
  if (norm === '..' || norm.startsWith('../'))
    throw new PackError('PATH_ESCAPES', `entry "${name}" points outside the package (zip-slip); remove it`);
  return norm.replace(/^\.\//, '');
}

function facts(path: string, data: Buffer): FileFacts {
  return {
    path,
    size: data.length,
    head: new Uint8Array(data.subarray(0, HEAD)),
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

export async function readPackage(source: string, limits: Limits = defaultLimits): Promise<PackageContents> {
  let st: Stats;
  try {
    st = lstatSync(source);
  } catch {
    throw new PackError('NOT_FOUND', `${source}: no such file or folder`);
  }
  if (st.isSymbolicLink())
    throw new PackError('LINK', `${source} is a symbolic link; give the folder or .zip itself`);
  if (st.isDirectory()) return readFolder(source, limits);
  if (st.isFile()) return readZip(source, limits);
  throw new PackError('NOT_READABLE', `${source} is neither a folder nor a .zip file`);
}

function readFolder(root: string, limits: Limits): PackageContents {
  const out: PackageContents = { kind: 'folder', source: root, files: new Map(), manifests: new Map() };
  const realRoot = realpathSync(root);
  let entries = 0;
  let total = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (++entries > limits.maxEntries)
        throw new PackError('TOO_LARGE', `the package has more than ${limits.maxEntries} entries`);
      const full = join(dir, name);
      const rel = relative(realRoot, full).split(sep).join('/');
      const st = lstatSync(full);
      if (st.isSymbolicLink())
        throw new PackError(
          'LINK',
          `${rel} is a symbolic link; packages may hold regular files only — copy the file in`,
        );
      if (st.isDirectory()) {
        walk(full);
        continue;
      }
      if (!st.isFile()) throw new PackError('NOT_READABLE', `${rel} is not a regular file`);
      total += st.size;
      if (total > limits.maxTotalBytes)
        throw new PackError('TOO_LARGE', `the package is larger than ${limits.maxTotalBytes} bytes`);
      if (st.size > limits.maxFileBytes) {
        out.files.set(rel, { path: rel, size: st.size, head: new Uint8Array(), sha256: '' });
        continue;
      }
      const data = readFileSync(full);
      out.files.set(rel, facts(rel, data));
      if (isManifest(rel)) out.manifests.set(rel, new Uint8Array(data));
    }
  };
  walk(realRoot);
  return out;
}

function open(path: string): Promise<yauzl.ZipFile> {
  return new Promise((ok, fail) => {
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true },
      (err, zip) => (err || !zip ? fail(err ?? new Error('no archive')) : ok(zip)),
    );
  });
}

async function readZip(path: string, limits: Limits): Promise<PackageContents> {
  const out: PackageContents = { kind: 'zip', source: path, files: new Map(), manifests: new Map() };
  let zip: yauzl.ZipFile;
  try {
    zip = await open(path);
  } catch (e) {
    throw new PackError('ZIP_CORRUPT', `${path} is not a readable .zip archive (${(e as Error).message})`);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new PackError(
      'TOO_LARGE',
      `the archive has ${zip.entryCount} entries, more than ${limits.maxEntries}`,
    );
  }
  let total = 0;
  await new Promise<void>((ok, fail) => {
    const stop = (e: unknown) => {
      zip.close();
      fail(e);
    };
    zip.on('error', (e: Error) => {
      // yauzl refuses unsafe names itself; say so in our terms
      const m = /^(invalid relative path|absolute path): (.*)$/.exec(e.message);
      if (m)
        return stop(
          new PackError('PATH_ESCAPES', `entry "${m[2]}" points outside the package (zip-slip); remove it`),
        );
      stop(new PackError('ZIP_CORRUPT', `${path} is damaged: ${e.message}`));
    });
    zip.on('end', () => ok());
    zip.on('entry', (entry: yauzl.Entry) => {
      let name: string;
      try {
        name = safePath(entry.fileName);
      } catch (e) {
        return stop(e);
      }
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (mode === 0o120000)
        return stop(
          new PackError('LINK', `${name} is a symbolic link; packages may hold regular files only`),
        );
      if (name.endsWith('/')) return zip.readEntry();
      if (entry.uncompressedSize > limits.maxFileBytes) {
        out.files.set(name, { path: name, size: entry.uncompressedSize, head: new Uint8Array(), sha256: '' });
        return zip.readEntry();
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes)
        return stop(
          new PackError('TOO_LARGE', `the archive expands to more than ${limits.maxTotalBytes} bytes`),
        );
      if (
        entry.compressedSize > 0 &&
        entry.uncompressedSize / entry.compressedSize > limits.maxRatio &&
        entry.uncompressedSize > 1 << 20
      )
        return stop(
          new PackError(
            'TOO_LARGE',
            `${name} expands ${Math.round(entry.uncompressedSize / entry.compressedSize)}× (limit ${limits.maxRatio}×): refusing a possible zip bomb`,
          ),
        );
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream)
          return stop(new PackError('ZIP_CORRUPT', `${name} cannot be read: ${err?.message ?? 'no data'}`));
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (c: Buffer) => {
          size += c.length;
          // validateEntrySizes also stops a stream that lies about its size; this bounds memory meanwhile
          if (size > limits.maxFileBytes) stream.destroy(new Error('entry larger than declared'));
          else chunks.push(c);
        });
        stream.on('error', (e) => stop(new PackError('ZIP_CORRUPT', `${name} is damaged: ${e.message}`)));
        stream.on('end', () => {
          const data = Buffer.concat(chunks);
          if (out.files.has(name))
            return stop(new PackError('ZIP_CORRUPT', `${name} appears twice in the archive`));
          out.files.set(name, facts(name, data));
          if (isManifest(name)) out.manifests.set(name, new Uint8Array(data));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return out;
}
