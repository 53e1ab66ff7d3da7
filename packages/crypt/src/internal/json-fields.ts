import { parseJsonObject } from '@oauth2/core';
import { ServiceAccountKeyError } from '../errors.js';

/** Where a JSON object came from, for error messages (a file path or a description). */
export interface JsonSource {
  readonly where: string;
  readonly file?: string | undefined;
}

/** A {@link ServiceAccountKeyError} carrying `source`'s file, when it is one. */
export function sourceError(source: JsonSource, message: string): ServiceAccountKeyError {
  return new ServiceAccountKeyError(message, {
    ...(source.file !== undefined && { file: source.file }),
  });
}

/** A {@link ServiceAccountKeyError} whose message ends with where the JSON came from. */
export function keyFileError(source: JsonSource, message: string): ServiceAccountKeyError {
  return sourceError(source, `${message} (${source.where}).`);
}

/** A required string field; the error names the field, never its value. */
export function requiredString(
  data: Record<string, unknown>,
  key: string,
  source: JsonSource,
): string {
  const value = data[key];
  if (typeof value !== 'string')
    throw keyFileError(source, `Field "${key}" is missing or not a string`);
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
  if (typeof value !== 'string') throw keyFileError(source, `Field "${key}" is not a string`);
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
    throw keyFileError(source, `Field "${key}" is not an object`);
  return value as Record<string, unknown>;
}

/** Parse JSON text into an object, or take an object as is (core's one reader). */
export function jsonObject(
  json: string | Record<string, unknown>,
  source: JsonSource,
): Record<string, unknown> {
  return parseJsonObject(json, (problem) =>
    keyFileError(source, problem.kind === 'not_object' ? 'Not a JSON object' : 'Not valid JSON'),
  );
}
