// Remote strings (cluster names, Redis keys, error messages) may hold control characters:
// escape them before they reach a terminal.

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => {
    switch (ch) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default: {
        const code = ch.charCodeAt(0);
        // Above 0xff only U+2028 and U+2029 are escaped: always four hex digits.
        return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
      }
    }
  });
}
