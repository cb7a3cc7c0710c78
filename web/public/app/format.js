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
  NON_STANDARD_PERIOD: 'non-standard period',
  UNRELIABLE: 'unreliable',
  ILLUSTRATIVE: 'illustrative',
};

export const FLAG_EXPLANATION = {
  SUPPRESSED:
    'c: suppressed. A count from 1 to 5, or a figure from which one could be worked out, is not shown to you, to protect the children concerned. It is not zero.',
  NO_RETURN: 'x: no return. The partnership has reported no figures for this period.',
  NON_STANDARD_PERIOD:
    'Non-standard period: the figures cover dates other than a financial year, so they are not ranked against financial years.',
  UNRELIABLE: 'Unreliable: a rate based on fewer than 20 events; small changes move it a lot.',
  ILLUSTRATIVE: 'Illustrative: demo data made up to fill a gap in the published reports, not a published figure.',
};

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

export function percent(share) {
  return share === null || share === undefined ? 'x' : `${number(share)}%`;
}

/** Standard financial years that have ended by `today`, newest first. */
export function endedYears(periods, today = new Date().toISOString().slice(0, 10)) {
  return periods.filter((p) => p.standard && p.endDate < today).map((p) => p.label).reverse();
}
