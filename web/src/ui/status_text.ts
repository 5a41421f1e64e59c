// Words for each verdict status, shared by the card and the summary.
import type { Status } from '../credprobe/types.js';

export const STATUS_LABEL: Record<Status, string> = {
  valid: 'Valid',
  invalid: 'Invalid',
  expired: 'Expired',
  insufficient: 'Valid, lacks a permission',
  malformed: 'Malformed input',
  unreachable: 'Unreachable',
  blocked: 'Blocked',  // by the browser (CORS) or by a relay: the summary says which
  rate_limited: 'Rate limited',
  indeterminate: 'Could not tell',
};

/** Colour family for the badge; the label carries the meaning, colour only repeats it. */
export function statusTone(status: Status): 'good' | 'bad' | 'warn' | 'unknown' {
  if (status === 'valid') return 'good';
  if (status === 'invalid' || status === 'expired' || status === 'malformed') return 'bad';
  if (status === 'insufficient' || status === 'rate_limited') return 'warn';
  return 'unknown';
}
