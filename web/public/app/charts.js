// Charts: bars in HTML (their labels reflow at 320px and 200% zoom) and the
// trend's lines in SVG. Each is drawn beside a table of the same figures,
// and never carries meaning by colour alone: every bar and point is labelled.
import { h } from './dom.js';

/**
 * Horizontal bars, one per partnership. `items`: `{ name, value, label,
 * hatched }` where `value` is null for a figure that is not shown (its label
 * then says `c` or `x`). `median`, when given, is marked on every bar.
 */
export function bars({ title, items, median, medianLabel, hatchedLabel }) {
  const values = items.map((i) => i.value).filter((v) => v !== null && v !== undefined);
  const max = Math.max(...values, median ?? 0, 0) || 1;
  const anyHatched = items.some((i) => i.hatched);
  const key = h(
    'div',
    { class: 'app-key' },
    median !== null && median !== undefined && h('span', {}, h('span', { class: 'app-key__median', 'aria-hidden': 'true' }), medianLabel),
    anyHatched && hatchedLabel && h('span', {}, h('span', { class: 'app-key__flagged', 'aria-hidden': 'true' }), hatchedLabel),
  );
  const list = h(
    'ul',
    { class: 'app-bars', role: 'list' },
    items.map((item) => {
      const area = h('div', { class: 'app-bars__area', 'aria-hidden': 'true' });
      if (item.value !== null && item.value !== undefined) {
        area.append(
          h('span', {
            class: `app-bars__bar${item.hatched ? ' app-bars__bar--flagged' : ''}`,
            style: { width: `${(100 * item.value) / max}%` },
          }),
        );
      }
      if (median !== null && median !== undefined) {
        area.append(h('span', { class: 'app-bars__median', style: { left: `${(100 * median) / max}%` } }));
      }
      return h(
        'li',
        { class: 'app-bars__item' },
        h('span', { class: 'app-bars__name', text: item.name }),
        h('div', { class: 'app-bars__track' }, area, h('span', { class: 'app-bars__label', text: item.label })),
      );
    }),
  );
  return h('figure', { class: 'app-chart govuk-!-margin-0' }, h('figcaption', { class: 'govuk-heading-s', text: title }), key, list);
}

const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'cross'];
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#505a5f'];
const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c) el.append(c);
  return el;
}

function marker(shape, x, y, colour) {
  const r = 6;
  switch (shape) {
    case 'square':
      return s('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r, fill: colour });
    case 'triangle':
      return s('path', { d: `M${x} ${y - r - 1} L${x + r + 1} ${y + r} L${x - r - 1} ${y + r} Z`, fill: colour });
    case 'diamond':
      return s('path', { d: `M${x} ${y - r - 2} L${x + r + 2} ${y} L${x} ${y + r + 2} L${x - r - 2} ${y} Z`, fill: colour });
    case 'cross':
      return s('path', { d: `M${x - r} ${y - r} L${x + r} ${y + r} M${x + r} ${y - r} L${x - r} ${y + r}`, stroke: colour, 'stroke-width': 3 });
    default:
      return s('circle', { cx: x, cy: y, r, fill: colour });
  }
}

/** The legend entry's marker, as a small inline SVG. */
export function legendMarker(index) {
  return s('svg', { width: 18, height: 18, viewBox: '0 0 18 18', 'aria-hidden': 'true', focusable: 'false' }, marker(SHAPES[index], 9, 9, COLOURS[index]));
}

/**
 * Lines over periods, one per series: `{ label, values }` where `values`
 * lines up with `periods` and is null where there is no comparable figure.
 */
export function lines({ title, description, periods, series }) {
  const width = 680;
  const height = 420;
  const m = { left: 56, right: 110, top: 20, bottom: 120 };
  const all = series.flatMap((x) => x.values).filter((v) => v !== null);
  const max = Math.max(...all, 0) * 1.1 || 1;
  const x = (i) => m.left + (periods.length === 1 ? 0.5 : i / (periods.length - 1)) * (width - m.left - m.right);
  const y = (v) => height - m.bottom - (v / max) * (height - m.top - m.bottom);
  const titleId = `t-${Math.random().toString(36).slice(2)}`;
  const descId = `${titleId}-d`;
  const svg = s('svg', {
    class: 'app-trend',
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': `${titleId} ${descId}`,
    focusable: 'false',
  });
  svg.append(s('title', { id: titleId, text: title }), s('desc', { id: descId, text: description }));
  const ticks = 4;
  for (let t = 0; t <= ticks; t += 1) {
    const v = (max / ticks) * t;
    svg.append(
      s('line', { class: 'app-trend__grid', x1: m.left, x2: width - m.right, y1: y(v), y2: y(v) }),
      s('text', { x: m.left - 8, y: y(v) + 5, 'text-anchor': 'end', text: String(Math.round(v * 10) / 10) }),
    );
  }
  periods.forEach((p, i) => {
    // Slanted, so long labels (non-standard periods) never run into each other.
    const ty = height - m.bottom + 18;
    svg.append(s('text', { x: x(i), y: ty, 'text-anchor': 'end', transform: `rotate(-35 ${x(i)} ${ty})`, text: p }));
  });
  svg.append(s('line', { class: 'app-trend__axis', x1: m.left, x2: width - m.right, y1: y(0), y2: y(0) }));
  const ends = [];
  series.forEach((line, index) => {
    const colour = COLOURS[index];
    // A gap where a period has no comparable figure: the line is not drawn across it.
    let d = '';
    let pen = false;
    line.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i)} ${y(v)} `;
      pen = true;
    });
    svg.append(s('path', { d: d.trim(), fill: 'none', stroke: colour, 'stroke-width': 3 }));
    line.values.forEach((v, i) => {
      if (v !== null) svg.append(marker(SHAPES[index], x(i), y(v), colour));
    });
    const last = line.values.map((v, i) => [v, i]).filter(([v]) => v !== null).pop();
    if (last) ends.push({ label: line.label, y: y(last[0]), x: x(last[1]) });
  });
  // Direct labels at each line's end, nudged apart so none overlaps.
  ends.sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; i += 1) {
    if (ends[i].y - ends[i - 1].y < 17) ends[i].y = ends[i - 1].y + 17;
  }
  for (const end of ends) svg.append(s('text', { x: end.x + 12, y: end.y + 5, text: end.label }));
  return svg;
}
