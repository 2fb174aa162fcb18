/**
 * Dates as clinical sources write them, to ISO YYYY-MM-DD (DocMeta.date). Slashed dates are read month first: the
 * notes this app targets are US transcriptions, and a day-first reading is only taken when the month can't be one.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return undefined; // 02/30, 04/31 ...
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Two-digit years pivot on "not in the future": 24 is 2024, 85 is 1985.
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  const pivot = (new Date().getUTCFullYear() % 100) + 1;
  return n <= pivot ? 2000 + n : 1900 + n;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string | undefined]> = [
  // 2023-01-02, 2023-01-02T10:00:00Z, 2023/01/02
  [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/, (m) => iso(+m[1]!, +m[2]!, +m[3]!)],
  // HL7 TS: 20230102, 202301021030-0500
  [/^(\d{4})(\d{2})(\d{2})(?:\d{0,6}(?:\.\d+)?)?(?:[+-]\d{4})?$/, (m) => iso(+m[1]!, +m[2]!, +m[3]!)],
  // 01/02/2023, 1-2-23, 13.02.2023 (day first only when the first number can't be a month)
  [
    /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b/,
    (m) => {
      const a = +m[1]!;
      const b = +m[2]!;
      const y = fullYear(m[3]!);
      return a > 12 ? iso(y, b, a) : iso(y, a, b);
    },
  ],
  // January 2, 2023 / Jan. 2nd 2023
  [
    /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/,
    (m) => (monthIndex(m[1]!) ? iso(+m[3]!, monthIndex(m[1]!), +m[2]!) : undefined),
  ],
  // 2 January 2023 / 02-Jan-2023
  [
    /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{4})\b/,
    (m) => (monthIndex(m[2]!) ? iso(+m[3]!, monthIndex(m[2]!), +m[1]!) : undefined),
  ],
];

/** An ISO date from the start of `value`, or undefined when it isn't a recognisable, real date. */
export function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  for (const [re, build] of PATTERNS) {
    const m = re.exec(text);
    if (m) return build(m);
  }
  return undefined;
}
