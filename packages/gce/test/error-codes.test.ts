import { NotSerializableError } from '@oauth2/core/errors';
import { type ErrorClassTable, errorCodeSuite } from '@oauth2/test-kit';
import * as gce from '../src/index.js';
import { type GceErrorCode, MetadataError } from '../src/index.js';

// Every code of GceErrorCode and its class: a code added to the union without a class here (or
// one listed here that the union lacks) fails to compile.
errorCodeSuite('GceErrorCode', gce, {
  metadata_bad_flavor: MetadataError,
  metadata_malformed: MetadataError,
  service_account_not_found: MetadataError,
  metadata_forbidden: MetadataError,
  metadata_not_found: MetadataError,
  metadata_redirect: MetadataError,
  metadata_http_error: MetadataError,
  metadata_invalid_config: MetadataError,
  not_serializable: NotSerializableError,
} satisfies ErrorClassTable<GceErrorCode>);
