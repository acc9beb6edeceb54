// The page's strings, rendered by the server in the current language (see PortalText).
const table = JSON.parse(document.getElementById('portal-text')?.textContent || '{}');

/** The string for key, with {0}, {1}… filled from args. */
export function t(key, ...args) {
  const text = table[key] ?? key;
  return text.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

/**
 * The string for key with {name} filled from the object args: numbers as number() writes them, anything else as it
 * is (PortalText.TryFormat does the same on the server). Undefined when the page has no such string.
 */
export function format(key, args) {
  const text = table[key];
  if (text === undefined) return undefined;
  return text.replace(/\{([a-z_]+)\}/g, (_, name) => {
    const value = args?.[name];
    if (value === undefined || value === null) return '';
    return typeof value === 'number' ? number(value) : String(value);
  });
}

/** A number as the page's language writes it (25,000 or 25,000). */
export function number(value, fractionDigits = 0) {
  return new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: fractionDigits }).format(value);
}

/** A progress percentage as the server writes it: 45.5%. */
export function percent(value) {
  return `${number(value, 1)}%`;
}

/** Bytes as KB/MB/GB, like the seed's dataset cards. */
export function bytes(value) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let size = Number(value) || 0;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) { size /= 1024; unit++; }
  return `${number(size, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * The message for a refusal, worded as Problems.Message does on the server: the portal's words for its rule
 * (error.Code.Reason) or its code, with {0} filled by the server's detail; else the detail itself.
 */
export function problem(error) {
  const keys = error.reason ? [`error.${error.code}.${error.reason}`, `error.${error.code}`] : [`error.${error.code}`];
  const key = keys.find(k => k in table);
  const detail = error.detail ?? error.message ?? '';
  if (key && (detail || !table[key].includes('{0}'))) {
    return t(key, detail);
  }
  return detail || t('error.unexpected');
}
