// One protected-route server for bench/express.mjs, in its own process. argv[2] is the variant;
// the configuration arrives as JSON in OAUTH2_BENCH_CONFIG. Prints nothing; sends "ready" on IPC.
import express from 'express';
import session from 'express-session';

const variant = process.argv[2];
const config = JSON.parse(process.env.OAUTH2_BENCH_CONFIG ?? '{}');
const app = express();
const hello = (email) => `hello ${email}`;

if (variant === 'bare' || variant === 'passport' || variant.startsWith('oauth2')) {
  app.use(session({ secret: 'bench-secret', resave: false, saveUninitialized: false }));
}

if (variant === 'bare') {
  // The hand-written baseline: express-session and "is there a user".
  app.get('/bench-login', (req, res) => {
    req.session.user = { sub: 'bench-user', email: 'bench@example.com' };
    res.send('ok');
  });
  app.get('/protected', (req, res) => {
    if (!req.session.user) return res.redirect('/login');
    res.send(hello(req.session.user.email));
  });
} else if (variant.startsWith('oauth2')) {
  const { createOAuth2 } = await import('@oauth2/express');
  const oauth2 = createOAuth2({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    issuer: config.issuer,
  });
  app.use(oauth2.router);
  app.get('/protected', oauth2.required(), (req, res) => res.send(hello(req.oauth2.email)));
} else if (variant === 'eoc') {
  const { auth, requiresAuth } = (await import('express-openid-connect')).default;
  app.use(
    auth({
      issuerBaseURL: config.issuer,
      baseURL: config.baseUrl,
      clientID: config.clientId,
      clientSecret: config.clientSecret,
      secret: 'a-long-enough-bench-secret-for-express-openid-connect',
      authRequired: false,
      idpLogout: false,
      authorizationParams: { response_type: 'code', response_mode: 'query', scope: 'openid email' },
    }),
  );
  app.get('/protected', requiresAuth(), (req, res) => res.send(hello(req.oidc.user.email)));
} else if (variant === 'passport') {
  const { default: passport } = await import('passport');
  passport.serializeUser((user, done) => done(null, JSON.stringify(user)));
  passport.deserializeUser((data, done) => done(null, JSON.parse(data)));
  app.use(passport.initialize());
  app.use(passport.session());
  app.get('/bench-login', (req, res, next) =>
    req.login({ sub: 'bench-user', email: 'bench@example.com' }, (err) =>
      err ? next(err) : res.send('ok'),
    ),
  );
  app.get('/protected', (req, res) => {
    if (!req.isAuthenticated()) return res.redirect('/login');
    res.send(hello(req.user.email));
  });
} else {
  throw new Error(`unknown variant ${variant}`);
}

process.on('SIGTERM', () => process.exit(0)); // lets --cpu-prof write its profile

// The driver asks for this process's CPU time: a load-independent measure of the work done.
process.on('message', (m) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});

const server = app.listen(config.port, '127.0.0.1', () => process.send?.('ready'));
server.keepAliveTimeout = 60_000;
