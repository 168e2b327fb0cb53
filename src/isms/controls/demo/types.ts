// The shape of a demo control: short keys keep the catalogue readable, one control to a few lines.
import type { ControlLevel, ControlStatus } from '../schema.js';

export interface DemoControl {
  /** Title; the demo finds its controls again by it. */
  t: string;
  l: ControlLevel;
  /** The owner's name, as in the demo people directory. */
  o: string;
  s: ControlStatus;
  /** Review interval in days. */
  i: number;
  /** Requirements, short-keyed: `iso:A.8.13`, `dora:Art.12`, `gdpr:Art.32`, `pci:9.4`. */
  k: string[];
  /** Demo asset references (AST-001 …). */
  a?: string[];
  d: string;
}
