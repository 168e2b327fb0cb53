// Frameworks: the area's own tables, beyond the shared ISMS core in ../tables.ts.
import type { Selectable } from 'kysely';

/** The groups (themes, chapters) of a catalogue with their titles, replaced whole on each load. */
export interface FrameworkGroupsTable {
  framework_id: string;
  /** The group's id in its catalogue (`A.5`, `4`, `Chapter II`); requirements name it in `group_ref`. */
  ref: string;
  title: string;
  parent_ref: string | null;
  sort_order: number;
}

export type FrameworkGroupRow = Selectable<FrameworkGroupsTable>;

export interface FrameworksTables {
  framework_groups: FrameworkGroupsTable;
}
