/// <reference types="node" preserve="true" />
/**
 * @oauth2/gce: credentials from the Compute Engine metadata server. Port of `oauth2client.gce`.
 * @module
 */

export {
  AppAssertionCredentials,
  AppAssertionCredentials as ComputeCredentials,
  type AppAssertionCredentialsOptions,
} from './app-assertion-credentials.js';
export {
  type GceErrorCode,
  MetadataError,
  type MetadataErrorCode,
  type MetadataErrorOptions,
} from './errors.js';
export { type FetchIdentityTokenOptions, fetchIdentityToken } from './fetch-identity-token.js';
export {
  MetadataClient,
  type MetadataClientOptions,
  type MetadataDetection,
  type MetadataToken,
  type ServiceAccountInfo,
} from './metadata-client.js';
