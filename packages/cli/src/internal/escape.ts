/**
 * The last guard before the terminal: escape every character a terminal could interpret (C0/C1
 * controls, DEL, bidi controls, line/paragraph separators) as `\xNN`/`\uNNNN`, so text from a
 * server or a file cannot move the cursor or recolour the screen (adversarial C13). Core's
 * `sanitizeText` (the same character set) builds the messages; this one leaves backslashes
 * alone, so its escapes are not escaped twice, and it lives here so that printing never loads
 * core's root on the fast `print-access-token` path.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
