// What a destructive action freed, in words, as statvfs measured it (used before minus used after). On a busy
// filesystem other writers may add more than the action freed meanwhile: "freed -20.0 KiB" read as if the
// action had cost space, so a negative figure is said as what it is.
import { formatBytes } from './formatBytes';

export function freedText(freedBytes: number): string {
  if (freedBytes >= 0) return `freed ${formatBytes(freedBytes)}`;
  return `freed nothing measurable: other writers added ${formatBytes(-freedBytes)} more than was freed meanwhile`;
}
