// Delivery latencies as counts in 0.05 ms buckets up to 2 s (and one overflow bucket), so client processes can send
// theirs to the driver and the driver can merge them; spaces-bench's LatencyHistogram reads percentiles the same way.
export const BUCKET_MS = 0.05;
export const BUCKETS = 40_000;

export function newHistogram() {
  return { counts: new Array(BUCKETS + 1).fill(0), maxMs: 0, total: 0 };
}

export function record(histogram, ms) {
  histogram.counts[Math.min(Math.max(Math.floor(ms / BUCKET_MS), 0), BUCKETS)]++;
  histogram.maxMs = Math.max(histogram.maxMs, ms);
  histogram.total++;
}

export function merge(into, from) {
  for (let i = 0; i <= BUCKETS; i++) into.counts[i] += from.counts[i];
  into.maxMs = Math.max(into.maxMs, from.maxMs);
  into.total += from.total;
}

/** Nearest rank, reported as the upper edge of its bucket (the overflow bucket reports the maximum). */
export function percentile(histogram, fraction) {
  if (histogram.total === 0) return null;
  const rank = Math.max(Math.ceil(fraction * histogram.total), 1);
  let seen = 0;
  for (let i = 0; i <= BUCKETS; i++) {
    seen += histogram.counts[i];
    if (seen >= rank) return i === BUCKETS ? histogram.maxMs : Math.min((i + 1) * BUCKET_MS, histogram.maxMs);
  }
  return histogram.maxMs;
}
