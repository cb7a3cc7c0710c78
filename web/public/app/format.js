// How figures are written: the same symbols as the CSV exports, so what the
// table says is what the download says.

export const PARTNERSHIPS = ['BRISTOL', 'NORTH_SOMERSET', 'SOUTH_GLOUCESTERSHIRE', 'BATH_NE_SOMERSET', 'SOMERSET'];

let names = new Map();
export function setPartnerships(list) {
  names = new Map(list.map((p) => [p.code, p]));
}
export function partnershipName(code) {
  return names.get(code)?.name ?? code;
}
export function partnershipShort(code) {
  return names.get(code)?.abbreviation ?? code;
}

export const FLAG_TEXT = {
  SUPPRESSED: 'suppressed',
  NO_RETURN: 'no return',
  NOT_REPORTED: 'not reported',
  NON_STANDARD_PERIOD: 'non-standard period',
  UNRELIABLE: 'unreliable',
  ILLUSTRATIVE: 'illustrative',
  ESTIMATED_INPUT: 'estimated population',
  LOW_BASE: 'too few events for a rate',
  NO_DENOMINATOR: 'no population for a rate',
};

/** The government statistics symbol of a figure's status; empty when it is shown. */
export const STATUS_SYMBOL = { SUPPRESSED: 'c', NOT_AVAILABLE: 'x', NOT_APPLICABLE: 'z', LOW_BASE: 'low' };

/** What each symbol means, for the legend under a table that uses it. */
export const SYMBOL_EXPLANATION = {
  c: 'c: suppressed (confidential). Hidden by disclosure control: a count from 1 to 5, or a figure from which one could be worked out. It is not zero.',
  x: 'x: not available. No return, a return that does not give this figure, or no population to divide by.',
  z: 'z: not applicable. No such figure: a rate beside a percentage, a rank for a count (counts are not ranked, because that would rank the size of areas), or a partnership that did not take part in a Section 11 round.',
  low: 'low: a rate on fewer than 3 events, too few to show.',
};

export const FLAG_EXPLANATION = {
  SUPPRESSED:
    'c: suppressed. A count from 1 to 5, or a figure from which one could be worked out, is not shown to you, to protect the children concerned. It is not zero.',
  NO_RETURN: 'x: no return. The partnership has reported no figures for this period.',
  NON_STANDARD_PERIOD:
    'Non-standard period: the figures cover dates other than a financial year, so they are not ranked against financial years.',
  UNRELIABLE: 'Unreliable: a rate based on fewer than 20 events; small changes move it a lot.',
  ILLUSTRATIVE: 'Illustrative: demo data made up to fill a gap in the published reports, or built on some; not a published figure.',
  ESTIMATED_INPUT:
    'Estimated population: the rate divides by a child population that is an estimate or a placeholder, so it is no better than that estimate.',
  NOT_REPORTED: 'Not reported: the partnership made a return for the period, but it does not give this figure.',
  LOW_BASE: 'Too few events for a rate: a rate on fewer than 3 events is not shown (low).',
  NO_DENOMINATOR: 'No population for a rate: the population this figure is about is not held, so no rate is given.',
};

/** Flags in the order and words the workspace shows, from a figure's boolean qualifiers and flag list. */
export function markFlags(f) {
  const flags = new Set(f.flags ?? []);
  if (f.estimatedInput) flags.add('ESTIMATED_INPUT');
  if (f.illustrative) flags.add('ILLUSTRATIVE');
  if (f.nonStandardPeriod) flags.add('NON_STANDARD_PERIOD');
  if (f.unreliable) flags.add('UNRELIABLE');
  return [...flags];
}

/** A published figure: the value to `places` decimals, or the symbol of its status. */
export function published(value, status, places) {
  if (status && status !== 'SHOWN') return STATUS_SYMBOL[status] ?? 'x';
  if (value === null || value === undefined) return 'x';
  return value.toFixed(places);
}

export function flagsText(flags) {
  return flags.map((f) => FLAG_TEXT[f] ?? f.toLowerCase().replaceAll('_', ' ')).join('; ');
}

export const UNIT_TEXT = { COUNT: 'count', RATE_PER_1_0K: 'rate per 10,000 children', PERCENT: 'percentage' };
export const BETTER_TEXT = { HIGHER: 'Higher is better', LOWER: 'Lower is better', NEITHER: 'Neither higher nor lower is better' };

export const DIRECTION_TEXT = {
  IMPROVING: 'Improving',
  WORSENING: 'Worsening',
  INCREASING: 'Increasing',
  DECREASING: 'Decreasing',
  UNCHANGED: 'Unchanged',
  NOT_COMPARABLE: 'Not comparable',
};

/** A number as the workspace writes it: at most 2 decimals, no trailing zeros. */
export function number(value) {
  if (value === null || value === undefined) return '';
  return String(Math.round(value * 100) / 100);
}

/** A figure: `c` when suppressed, `x` when not reported, else the number. */
export function figure(value, { suppressed = false, missing = false } = {}) {
  if (suppressed) return 'c';
  if (missing || value === null || value === undefined) return 'x';
  return number(value);
}

export function withUnit(value, unit) {
  if (unit === 'PERCENT') return `${value}%`;
  return value;
}


/** Standard financial years that have ended by `today`, newest first. */
export function endedYears(periods, today = new Date().toISOString().slice(0, 10)) {
  return periods.filter((p) => p.standard && p.endDate < today).map((p) => p.label).reverse();
}
