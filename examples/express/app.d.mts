import type { OAuth2Express } from '@oauth2/express';
import type { Express } from 'express';
import type { Store } from 'express-session';

export function createApp(options: {
  oauth2: OAuth2Express;
  userinfoUrl: string;
  extraScope: string;
  sessionSecret?: string | undefined;
  store?: Store | undefined;
}): Express;
