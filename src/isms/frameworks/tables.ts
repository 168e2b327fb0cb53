// Frameworks: the area's own tables, beyond the shared ISMS core in ../tables.ts (being built).

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FrameworksTables {}
