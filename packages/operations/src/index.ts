export {
  MANIFEST_FORMAT, OPERATION_ID, ManifestOperationSchema, ManifestSchema, buildManifest, normalizeOperation, operationId, operationsOf, parseManifest, registryKey,
  type Manifest, type ManifestOperation, type OperationSource,
} from './manifest.ts';
