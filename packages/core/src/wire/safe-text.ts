/** Default cap of {@link sanitizeText}: enough for any real `error_description`. */
export const DEFAULT_SAFE_TEXT_LENGTH = 300;

/** Options of {@link sanitizeText}. */
export interface SanitizeTextOptions {
  /** Cut after this many characters (before escaping) and append `…` (default 300). */
  maxLength?: number | undefined;
}

// C0 controls (ESC included, so no escape sequence reaches a terminal intact), DEL, C1 controls,
// LRM/RLM, the line and paragraph separators, bidi embeddings/overrides (U+202A-U+202E) and
// isolates (U+2066-U+2069), and the backslash so that an escaped form cannot be forged.
const UNSAFE_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]/g;

/**
 * The one way server- and file-supplied text reaches a message, a log or a terminal: every
 * character a terminal could interpret (C0, DEL, C1, bidi overrides and isolates) is shown as a
 * visible `\xNN` / `\uNNNN` escape, so an ESC sequence becomes inert text, and the length is capped.
 * The CLI and the Express adapter use it too.
 *
 * @example
 * sanitizeText('bad\u001b[2J\u202ecode'); // 'bad\\x1b[2J\\u202ecode'
 */
export function sanitizeText(text: string, options: SanitizeTextOptions = {}): string {
  const max = options.maxLength ?? DEFAULT_SAFE_TEXT_LENGTH;
  const cut = text.length > max ? `${text.slice(0, max).replace(/[\ud800-\udbff]$/, '')}…` : text;
  return cut.replace(UNSAFE_CHARACTERS, (c) => {
    if (c === '\\') return '\\\\';
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
