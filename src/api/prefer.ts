// The `Prefer` request header (RFC 7240): a list of preferences, each `token [= word]` with optional
// `; parameter` parts. Names are case-insensitive; only the first occurrence of a preference counts
// (§2); a preference the server does not understand, or whose value it cannot use, is ignored.

/** Preference names (lower case) to their value: the unquoted `word`, or '' when none was given. */
export function parsePrefer(header: string | string[] | undefined): Map<string, string> {
  const preferences = new Map<string, string>();
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const item of splitOutsideQuotes(value, ',')) {
      const [head] = splitOutsideQuotes(item, ';');
      const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*)?$/.exec(head ?? '');
      if (!match) continue;
      const name = match[1].toLowerCase();
      if (preferences.has(name)) continue;
      const word = match[2] ?? '';
      preferences.set(name, word.startsWith('"') ? word.slice(1, -1).replace(/\\(.)/g, '$1') : word);
    }
  }
  return preferences;
}

/**
 * The `wait` preference in whole seconds (delta-seconds, §4.3), capped at `maxSeconds`; null when
 * it is absent, malformed, or zero (an answer at once is what the request gets anyway).
 */
export function preferredWaitSeconds(header: string | string[] | undefined, maxSeconds: number): number | null {
  const wait = parsePrefer(header).get('wait');
  if (wait === undefined || !/^\d+$/.test(wait)) return null;
  const seconds = Math.min(Number(wait), maxSeconds);
  return seconds > 0 ? seconds : null;
}

function splitOutsideQuotes(text: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== '');
}
