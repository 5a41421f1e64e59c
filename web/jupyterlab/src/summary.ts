// The status bar's one line: how the latest checks came out, e.g. "4 valid, 1 blocked".
import { STATUSES, type Status } from '../../src/credprobe/types.js';

export function statusWord(status: Status): string {
  return status.replace(/_/g, ' ');
}

export function summarize(statuses: Iterable<Status>): string {
  const counts = new Map<Status, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return STATUSES.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${statusWord(s)}`)
    .join(', ');
}
