/** Session keys this package writes. Values are JSON only (never anything like pickle). */
export const SESSION_KEYS = {
  /** oauth2client credential JSON (the original's `google_oauth2_credentials`), session mode only. */
  credentials: 'google_oauth2_credentials',
  /** `{ sub, email }` from the verified ID token of the signed-in user. */
  user: 'oauth2_user',
  /** Ids of this session's pending sign-ins, oldest first. */
  pending: 'oauth2_pending',
  /** Scopes the user declined at the last sign-in (granular consent). */
  declined: 'oauth2_declined',
} as const;

/** The signed-in user, as the session keeps it. */
export interface SessionUser {
  sub: string;
  email?: string;
}

/** Read the signed-in user from session data. */
export function sessionUser(data: Record<string, unknown>): SessionUser | undefined {
  const user = data[SESSION_KEYS.user] as Record<string, unknown> | undefined;
  if (typeof user?.sub !== 'string') return undefined;
  return typeof user.email === 'string' ? { sub: user.sub, email: user.email } : { sub: user.sub };
}

/** Read a list of strings from session data. */
export function sessionList(data: Record<string, unknown>, key: string): string[] {
  const value = data[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
