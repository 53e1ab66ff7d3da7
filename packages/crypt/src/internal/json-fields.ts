import { parseJson } from '@oauth2/core';
import { ServiceAccountKeyError } from '../errors.js';

/** Where a JSON object came from, for error messages (a file path or a description). */
export interface JsonSource {
  readonly where: string;
  readonly file?: string | undefined;
}

function fail(source: JsonSource, message: string): never {
  throw new ServiceAccountKeyError(`${message} (${source.where}).`, {
    ...(source.file !== undefined && { file: source.file }),
  });
}

/** A required string field; the error names the field, never its value. */
export function requiredString(
  data: Record<string, unknown>,
  key: string,
  source: JsonSource,
): string {
  const value = data[key];
  if (typeof value !== 'string') fail(source, `Field "${key}" is missing or not a string`);
  return value;
}

/** An optional string-or-null field. */
export function optionalString(
  data: Record<string, unknown>,
  key: string,
  source: JsonSource,
): string | null {
  const value = data[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(source, `Field "${key}" is not a string`);
  return value;
}

/** An optional object field (e.g. `_kwargs`). */
export function optionalObject(
  data: Record<string, unknown>,
  key: string,
  source: JsonSource,
): Record<string, unknown> {
  const value = data[key];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    fail(source, `Field "${key}" is not an object`);
  return value as Record<string, unknown>;
}

/** Parse JSON text into an object, or take an object as is. */
export function jsonObject(
  json: string | Record<string, unknown>,
  source: JsonSource,
): Record<string, unknown> {
  if (typeof json !== 'string') {
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      fail(source, 'Not a JSON object');
    return json;
  }
  let value: unknown;
  try {
    value = parseJson(json);
  } catch {
    fail(source, 'Not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(source, 'Not a JSON object');
  return value as Record<string, unknown>;
}

/** oauth2client's `EXPIRY_FORMAT` (`%Y-%m-%dT%H:%M:%SZ`); anything else reads as no expiry. */
export function parseExpiry(value: unknown): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value))
    return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
