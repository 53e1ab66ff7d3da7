/// <reference types="node" preserve="true" />
/**
 * Test helpers for code that runs on Compute Engine: a fake metadata server on loopback.
 * @module
 */
export {
  type FakeMetadataAnswer,
  type FakeMetadataRequest,
  FakeMetadataServer,
  type FakeMetadataServerOptions,
  type FakeServiceAccount,
} from './fake-metadata-server.js';
