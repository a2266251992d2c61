export { checkPackage, type PackageCheck } from './check-package.ts';
export { PackError, type PackErrorCode, packErrorCodes } from './errors.ts';
export { type ManifestFile, readManifest, rootPrefix } from './manifest-file.ts';
export {
  defaultLimits,
  type FileFacts,
  type Limits,
  type PackageContents,
  readPackage,
  safePath,
} from './read-package.ts';
export { parseYamlSafely, YAML_LIMITS, type YamlProblem, yamlShapeProblem } from './safe-yaml.ts';
