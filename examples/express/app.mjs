// The example app: a home page, a protected profile page, an API route calling the provider
// with the user's token, a page that needs one more scope, and logout. Used as is by
// packages/express/test/browser.test.ts against a local OpenID provider.
import express from 'express';
import session from 'express-session';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const html = (body) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>@oauth2/express example</title></head><body>${body}</body></html>`;

/**
 * @param {object} options
 * @param {import('@oauth2/express').OAuth2Express} options.oauth2
 * @param {string} options.userinfoUrl  the provider's OpenID userinfo endpoint
 * @param {string} options.extraScope   the scope /extra asks for on top of the sign-in ones
 * @param {string} [options.sessionSecret]
 * @param {import('express-session').Store} [options.store]
 */
export function createApp({ oauth2, userinfoUrl, extraScope, sessionSecret, store }) {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(express.urlencoded({ extended: false }));
  app.use(
    session({
      secret: sessionSecret ?? 'dev-only-secret-change-me',
      resave: false,
      saveUninitialized: false,
      ...(store && { store }),
    }),
  );
  app.use(oauth2.router);

  app.get('/', (req, res) => {
    const who = req.oauth2?.email;
    res.send(
      html(
        who
          ? `<p>Signed in as ${esc(who)}. <a href="/profile">Profile</a></p>`
          : `<p><a id="sign-in" href="${esc(oauth2.authorizeUrl('/profile'))}">Sign in</a></p>`,
      ),
    );
  });

  app.get('/profile', oauth2.required(), (req, res) => {
    res.send(
      html(`<h1 id="email">${esc(req.oauth2?.email)}</h1>
<p><a href="/api/profile">API call</a> · <a id="extra" href="/extra">Needs ${esc(extraScope)}</a></p>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${esc(oauth2.csrfToken(req, 'logout'))}"><button id="logout">Sign out</button></form>`),
    );
  });

  // One line to call an API as the user: req.oauth2.fetch adds (and refreshes) the token.
  app.get('/api/profile', oauth2.required(), async (req, res) => {
    const answer = await req.oauth2.fetch(userinfoUrl);
    res.status(answer.status).json(await answer.json());
  });

  app.get('/extra', oauth2.required({ scopes: [extraScope] }), (_req, res) => {
    res.send(html(`<p id="granted">${esc(extraScope)} granted.</p>`));
  });

  app.post('/logout', oauth2.verifyCsrf({ action: 'logout' }), oauth2.logout({ returnUrl: '/' }));

  return app;
}
