// Run against Google: GOOGLE_OAUTH2_CLIENT_ID=... GOOGLE_OAUTH2_CLIENT_SECRET=... pnpm start
// (or GOOGLE_OAUTH2_CLIENT_SECRETS_FILE=client_secrets.json). See README.md.
import { createOAuth2 } from '@oauth2/express';
import { createApp } from './app.mjs';

const port = Number(process.env.PORT ?? 8080);
const oauth2 = createOAuth2({ scopes: ['openid', 'email'] });
const app = createApp({
  oauth2,
  userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
  extraScope: 'https://www.googleapis.com/auth/calendar.readonly',
  sessionSecret: process.env.SESSION_SECRET,
});
app.listen(port, '127.0.0.1', () => {
  console.log(
    `Open http://localhost:${port}/ (redirect URI: http://localhost:${port}/oauth2callback)`,
  );
});
