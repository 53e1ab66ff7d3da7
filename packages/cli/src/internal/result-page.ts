/**
 * The page the loopback server answers with: self-contained (no external resource, no script),
 * and only fixed text of ours, never anything from the request.
 */
export function resultPage(message: string): string {
  const text = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>oauth2</title><style>body{font:16px system-ui,sans-serif;margin:4em auto;max-width:32em;color:#222}</style></head><body><h1>oauth2</h1><p>${text}</p></body></html>`;
}
