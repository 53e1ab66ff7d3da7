/** Follow the provider's redirects like a browser, cookies by hand, until they leave the issuer. */
export async function followAuthorization(issuer: string, authorizeUrl: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = new URL(authorizeUrl);
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (res.status < 300 || res.status >= 400 || location === null) {
      throw new Error(
        `The provider answered ${res.status} at ${url.pathname} instead of redirecting.`,
      );
    }
    url = new URL(location, url);
    if (url.origin !== issuer) return url;
  }
  throw new Error('More than 10 redirects while authorizing.');
}
