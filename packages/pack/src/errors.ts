/** Error catalogue of @icpdesk/pack: why a package cannot be read at all. Codes are stable. */
export const packErrorCodes = {
  NOT_FOUND: 'the package does not exist',
  NOT_READABLE: 'the package is not a folder or a .zip, or a file in it cannot be read',
  ZIP_CORRUPT: 'the archive is damaged or not a zip',
  PATH_ESCAPES: 'an entry points outside the package (zip-slip) or is absolute',
  LINK: 'the package holds a symbolic link',
  TOO_LARGE: 'the package exceeds a size, entry-count or expansion-ratio limit',
  MANIFEST_MISSING: 'the package has no application.yaml',
  MANIFEST_ENCODING:
    'application.yaml is not saved as UTF-8 (e.g. GBK/GB18030 or UTF-16); save it as UTF-8 (a byte-order mark is fine)',
  MANIFEST_YAML: 'application.yaml is not valid YAML',
  MANIFEST_TOO_COMPLEX:
    'application.yaml is too large, nests too deep or has aliases that expand too far (safe-yaml.ts YAML_LIMITS)',
} as const;
export type PackErrorCode = keyof typeof packErrorCodes;

export class PackError extends Error {
  constructor(
    readonly code: PackErrorCode,
    message: string,
    readonly line?: number,
    readonly column?: number,
    /** MANIFEST_ENCODING: the encoding the manifest is saved in, when recognised (GBK, UTF-16LE …) */
    readonly encoding?: string,
  ) {
    super(message);
    this.name = 'PackError';
  }
}
