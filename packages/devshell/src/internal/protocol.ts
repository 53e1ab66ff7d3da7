/**
 * The devshell wire protocol (oauth2client `devshell.py`, spec §11), as pure functions: the
 * request bytes, the length-prefixed answer header, and the PBLite payload.
 */
import { parseJson } from '@oauth2/core';
import { CommunicationError } from '../errors.js';

/** The request: `"<len>\n<json>"` with the constant JSON `[]`, i.e. exactly `2\n[]`. */
export const REQUEST_BYTES: Buffer = Buffer.from('2\n[]', 'utf8');

/** The length prefix plus its newline must fit in the first 6 bytes (as oauth2client reads them). */
export const HEADER_WINDOW = 6;

/** A parsed answer header. */
export interface AnswerHeader {
  /** Declared body length in bytes. */
  length: number;
  /** Bytes taken by the prefix and its newline. */
  headerBytes: number;
}

/**
 * Parse the answer header from the bytes received so far. Returns `undefined` while more
 * bytes are needed; throws as soon as the header cannot be valid.
 */
export function parseHeader(received: Buffer): AnswerHeader | undefined {
  const window = received.subarray(0, HEADER_WINDOW);
  const newline = window.indexOf(0x0a);
  if (newline === -1) {
    if (received.length >= HEADER_WINDOW) {
      throw new CommunicationError('saw no newline in the first 6 bytes of the devshell answer');
    }
    return undefined;
  }
  const prefix = window.subarray(0, newline).toString('latin1');
  if (!/^\d+$/.test(prefix)) {
    throw new CommunicationError('the devshell answer does not start with a decimal length');
  }
  return { length: Number(prefix), headerBytes: newline + 1 };
}

/** The credential info of a devshell answer (PBLite indices 0-3). Missing entries are `undefined`. */
export interface CredentialInfo {
  /** `[0]`: the user's e-mail. */
  userEmail: string | undefined;
  /** `[1]`: the Cloud project id. */
  projectId: string | undefined;
  /** `[2]`: the access token. */
  accessToken: string | undefined;
  /** `[3]`: seconds until the token expires (2.0.0+). */
  expiresIn: number | undefined;
}

/** Parse the JSON payload; a short list gives `undefined` fields, extra entries are ignored. */
export function parseCredentialInfo(payload: string): CredentialInfo {
  let json: unknown;
  try {
    json = parseJson(payload);
  } catch {
    throw new CommunicationError('the devshell answer is not JSON');
  }
  if (!Array.isArray(json)) throw new CommunicationError('the devshell answer is not a list');
  const text = (index: number, name: string): string | undefined => {
    const value: unknown = json[index];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      throw new CommunicationError(
        `the devshell answer's ${name} (index ${index}) is not a string`,
      );
    }
    return value;
  };
  const expires: unknown = json[3];
  if (
    expires !== undefined &&
    expires !== null &&
    !(typeof expires === 'number' && Number.isSafeInteger(expires) && expires >= 0)
  ) {
    throw new CommunicationError(
      "the devshell answer's expires_in (index 3) is not a non-negative integer",
    );
  }
  return {
    userEmail: text(0, 'user e-mail'),
    projectId: text(1, 'project id'),
    accessToken: text(2, 'access token'),
    expiresIn: expires ?? undefined,
  };
}
