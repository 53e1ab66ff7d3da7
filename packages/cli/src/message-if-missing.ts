/**
 * The warning to show when the client secrets file is missing: where to get one and where to
 * put it. Port of `oauth2client.tools.message_if_missing`.
 *
 * @example
 * if (!existsSync(path)) console.error(messageIfMissing(path));
 */
export function messageIfMissing(filename: string): string {
  return `WARNING: Please configure OAuth 2.0

To make this sample run you will need to populate the client_secrets.json file
found at:

   ${filename}

with information from the APIs Console <https://code.google.com/apis/console>.

`;
}
