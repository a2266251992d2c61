export { type ShareholdingChart, shareholdingChart } from './chart/index.ts';
export {
  type DraftedFile,
  type DraftedPackage,
  type DraftRequest,
  draftPackage,
  fileNameOf,
} from './draft-package.ts';
export { DraftError, type DraftErrorCode, draftErrorCodes } from './errors.ts';
export { type PackageFileEntry, packageManifest, packageZip } from './package-zip.ts';
export { renderDocx } from './render-docx.ts';
