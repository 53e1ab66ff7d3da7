/**
 * Escape every character a terminal could interpret (C0/C1 controls, DEL, bidi controls,
 * line/paragraph separators) as `\xNN`/`\uNNNN`, so text from a server or a file cannot move the
 * cursor or recolour the screen (adversarial C13). The same rule as core's device-flow
 * `instructions()`; kept here until core exports its sanitizer (branch hostile), so the fast
 * `print-access-token` path never loads core's root.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\\') return '\\\\';
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]/g;
