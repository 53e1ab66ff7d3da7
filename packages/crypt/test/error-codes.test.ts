import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import * as crypt from '../src/index.js';
import {
  AppIdentityError,
  CertFetchError,
  type CryptErrorCode,
  CryptoUnavailableError,
  InvalidKeyError,
  ServiceAccountKeyError,
} from '../src/index.js';

// Every code of CryptErrorCode and its class: a code added to the union without a class here (or
// one listed here that the union lacks) fails to compile.
errorCodeSuite('CryptErrorCode', crypt, {
  jwt_malformed: AppIdentityError,
  alg_not_allowed: AppIdentityError,
  key_unsupported: AppIdentityError,
  no_matching_key: AppIdentityError,
  signature_invalid: AppIdentityError,
  missing_claim: AppIdentityError,
  invalid_claim: AppIdentityError,
  token_expired: AppIdentityError,
  token_used_too_early: AppIdentityError,
  lifetime_too_long: AppIdentityError,
  wrong_audience: AppIdentityError,
  wrong_azp: AppIdentityError,
  wrong_issuer: AppIdentityError,
  wrong_nonce: AppIdentityError,
  wrong_hosted_domain: AppIdentityError,
  cert_fetch_failed: CertFetchError,
  crypto_unavailable: CryptoUnavailableError,
  invalid_key: InvalidKeyError,
  invalid_service_account_key: ServiceAccountKeyError,
} satisfies ErrorClassTable<CryptErrorCode>);
