import { h, svg } from './dom.js';

/** The label of slot i: log2 slots count 2^i .. 2^(i+1)-1 (slot 0: 0 and 1), linear ones i*step .. (i+1)*step-1. */
export function slotLabel(i, buckets, step = 1) {
  if (buckets === 'linear') return `${i * step} – ${(i + 1) * step - 1}`;
  if (i === 0) return '0 – 1';
  return `${2n ** BigInt(i)} – ${2n ** BigInt(i + 1) - 1n}`;
}

/**
 * One histogram as horizontal bars, BCC-style: a row per slot from the first to the last one
 * used, its range, its count and a bar as long as its share of the biggest slot. SVG, so it scales
 * with the page; the numbers are text, so it reads without the bars too.
 */
export function histogramChart(slots, { buckets = 'log2', step = 1, unit = 'value', label = '' } = {}) {
  const counts = slots.map(Number);
  let first = counts.findIndex((c) => c > 0);
  let last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  if (first < 0) return h('p.muted', 'empty');
  if (buckets === 'log2') first = 0; // as BCC prints them: from the first slot to the last one used
  const max = Math.max(...counts.slice(first, last + 1));
  const rowH = 20;
  const labelW = 200;
  const countW = 90;
  const barW = 400;
  const rows = last - first + 1;
  const chart = svg('svg', {
    class: 'hist', viewBox: `0 0 ${labelW + countW + barW} ${rows * rowH + 24}`, role: 'img',
    'aria-label': `${label ? label + ': ' : ''}histogram of ${unit}, ${rows} buckets`, preserveAspectRatio: 'xMinYMin meet',
  },
  svg('text', { x: 0, y: 14, class: 'hist-head' }, unit),
  svg('text', { x: labelW + countW - 8, y: 14, class: 'hist-head', 'text-anchor': 'end' }, 'count'));
  for (let i = first; i <= last; i++) {
    const y = 24 + (i - first) * rowH;
    const width = max > 0 ? Math.max(counts[i] > 0 ? 1 : 0, Math.round((counts[i] / max) * barW)) : 0;
    chart.append(
      svg('text', { x: 0, y: y + 14, class: 'hist-label' }, slotLabel(i, buckets, step)),
      svg('text', { x: labelW + countW - 8, y: y + 14, class: 'hist-count', 'text-anchor': 'end' }, String(slots[i])),
      svg('rect', { x: labelW + countW, y: y + 3, width, height: rowH - 6, class: 'bar', 'data-count': String(slots[i]) },
        svg('title', {}, `${slotLabel(i, buckets, step)}: ${slots[i]}`)),
    );
  }
  return chart;
}
