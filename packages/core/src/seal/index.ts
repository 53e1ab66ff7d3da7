/// <reference types="node" preserve="true" />
/**
 * Sealing credentials at rest (AES-256-GCM) for stores that live outside the machine.
 * @module
 */
export { CredentialSealer, type SealingKey } from './credential-sealer.js';
