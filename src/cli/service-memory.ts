import { setFlagsFromString } from 'node:v8';

/**
 * A long-running service favours memory over peak speed: V8's `--optimize-for-size`
 * collects garbage before growing the heap rather than after. Posting a thousand digests
 * made a few hundred megabytes of short-lived garbage (form-encoded Block Kit, HTTP
 * bodies), which the default heap growth let accumulate to a peak above 300 MB; with the
 * flag the peak stays near 200 MB (issue 12, `scripts/bench/scale.mjs`). Set before the
 * service's modules load, as V8 reads flags set later only where it still consults them.
 */
export function favourMemory(): void {
  setFlagsFromString('--optimize-for-size');
}
