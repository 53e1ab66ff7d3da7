import { MetadataError } from '../errors.js';

/** The default metadata host (the v1 API lives under `/computeMetadata/v1/`). */
export const DEFAULT_METADATA_HOST = 'metadata.google.internal';
/** The link-local address probed for detection (no DNS needed). */
export const DEFAULT_METADATA_IP = '169.254.169.254';
/** Per-probe limit (adversarial c6: 3 s per attempt, 0 retries). */
export const DEFAULT_PROBE_TIMEOUT_MS = 3000;

/** How detection behaves. */
export type DetectionMode = 'probe' | 'none' | 'assume-present';

/** What the environment says about the metadata server. */
export interface MetadataSettings {
  /** `host[:port]` for every metadata request. */
  host: string;
  /** `host[:port]` probed by detection. */
  probeHost: string;
  detection: DetectionMode;
  /** Why detection is what it is (for reports). */
  detectionReason: string;
  probeTimeoutMs: number;
}

/** Overrides that win over the environment. */
export interface SettingsOverrides {
  host?: string | undefined;
  probeHost?: string | undefined;
  probeTimeoutMs?: number | undefined;
}

/**
 * Read `GCE_METADATA_HOST`, `GCE_METADATA_IP`, `GCE_METADATA_TIMEOUT`, `NO_GCE_CHECK` and
 * `METADATA_SERVER_DETECTION` from `env` (called at construction, never at import).
 */
export function readMetadataSettings(
  env: Readonly<Record<string, string | undefined>>,
  overrides: SettingsOverrides = {},
): MetadataSettings {
  const envHost = nonEmpty(env.GCE_METADATA_HOST);
  const host = checkHost(overrides.host ?? envHost ?? DEFAULT_METADATA_HOST, 'GCE_METADATA_HOST');
  // Detection pings the IP (no DNS); an explicit host (an emulator, a test server) is pinged too.
  const probeHost = checkHost(
    overrides.probeHost ??
      nonEmpty(env.GCE_METADATA_IP) ??
      overrides.host ??
      envHost ??
      DEFAULT_METADATA_IP,
    'GCE_METADATA_IP',
  );
  let probeTimeoutMs = overrides.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const envTimeout = nonEmpty(env.GCE_METADATA_TIMEOUT);
  if (overrides.probeTimeoutMs === undefined && envTimeout !== undefined) {
    const seconds = Number(envTimeout);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new MetadataError(
        'GCE_METADATA_TIMEOUT must be a positive number of seconds; unset it to use the 3 s default.',
        { code: 'metadata_invalid_config' },
      );
    }
    probeTimeoutMs = seconds * 1000;
  }
  const { detection, detectionReason } = readDetection(env);
  return { host, probeHost, detection, detectionReason, probeTimeoutMs };
}

function readDetection(env: Readonly<Record<string, string | undefined>>): {
  detection: DetectionMode;
  detectionReason: string;
} {
  // oauth2client compares NO_GCE_CHECK with the exact string 'True'.
  if (env.NO_GCE_CHECK === 'True') {
    return { detection: 'none', detectionReason: 'NO_GCE_CHECK=True' };
  }
  const mode = nonEmpty(env.METADATA_SERVER_DETECTION)?.toLowerCase();
  switch (mode) {
    case undefined:
    case 'ping-only':
      return { detection: 'probe', detectionReason: 'probe' };
    case 'none':
      return { detection: 'none', detectionReason: 'METADATA_SERVER_DETECTION=none' };
    case 'assume-present':
      return {
        detection: 'assume-present',
        detectionReason: 'METADATA_SERVER_DETECTION=assume-present',
      };
    default:
      throw new MetadataError(
        "METADATA_SERVER_DETECTION must be one of 'none', 'assume-present' or 'ping-only'.",
        { code: 'metadata_invalid_config' },
      );
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

// host[:port] and nothing else: a DNS name, an IPv4 address or a bracketed IPv6 address, then an
// optional port. No scheme, userinfo, path, query, percent-encoding or other URL syntax.
const DNS_NAME =
  '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*';
const HOST_PORT = new RegExp(`^(?:${DNS_NAME}|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?$`);

function checkHost(value: string, name: string): string {
  const match = HOST_PORT.exec(value);
  let ok = match !== null && (match[1] === undefined || Number(match[1]) <= 65535);
  if (ok) {
    try {
      ok = new URL(`http://${value}`).hostname !== '';
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    throw new MetadataError(
      `${name} must be a host or host:port (like 'metadata.google.internal' or '127.0.0.1:8080'), without a scheme or path.`,
      { code: 'metadata_invalid_config' },
    );
  }
  return value;
}
