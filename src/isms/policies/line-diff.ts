// A line diff between two texts: the longest common subsequence of lines, after trimming the
// common start and end. Pure and bounded: past a size limit the changed middle is shown as
// removed-then-added instead of computing an exact alignment.

export type DiffOp = 'same' | 'add' | 'del';

export interface DiffLine {
  op: DiffOp;
  text: string;
  /** Line numbers in the old and new text (1-based); null on the side the line is absent from. */
  old_no: number | null;
  new_no: number | null;
}

export interface LineDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
  /** True when the texts were too far apart to align exactly (see `maxCells`). */
  approximate: boolean;
}

/** Splits text into lines; CRLF and CR count as line ends, and a final newline adds no empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The diff of `before` → `after`. The LCS table needs (n+1)·(m+1) two-byte cells for the
 * differing middle; above `maxCells` (default 16 million: 32 MB, two texts of 4,000 lines that
 * differ from top to bottom) the middle is reported as a block replaced.
 */
export function lineDiff(before: string, after: string, maxCells = 16_000_000): LineDiff {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ op: 'same', text: a[i]!, old_no: i + 1, new_no: i + 1 });
  const n = endA - start;
  const m = endB - start;
  // Two-byte cells hold an LCS length only below 65,536 lines.
  const approximate = (n + 1) * (m + 1) > maxCells || n >= 0xffff || m >= 0xffff;
  if (approximate) {
    for (let i = start; i < endA; i++) out.push({ op: 'del', text: a[i]!, old_no: i + 1, new_no: null });
    for (let j = start; j < endB; j++) out.push({ op: 'add', text: b[j]!, old_no: null, new_no: j + 1 });
  } else {
    middle(a, b, start, n, m, out);
  }
  for (let k = 0; endA + k < a.length; k++) out.push({ op: 'same', text: a[endA + k]!, old_no: endA + k + 1, new_no: endB + k + 1 });
  return { lines: out, added: out.filter((l) => l.op === 'add').length, removed: out.filter((l) => l.op === 'del').length, approximate };
}

/** Aligns a[start, start+n) with b[start, start+m) through the LCS table and appends the result. */
function middle(a: string[], b: string[], start: number, n: number, m: number, out: DiffLine[]): void {
  // Lines become small integers first: comparing numbers in the n·m loop is far cheaper than strings.
  const ids = new Map<string, number>();
  const intern = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  const x = Int32Array.from({ length: n }, (_, i) => intern(a[start + i]!));
  const y = Int32Array.from({ length: m }, (_, j) => intern(b[start + j]!));
  // lcs[i][j] = length of the LCS of x from i and y from j, stored row-major.
  const w = m + 1;
  const lcs = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    const row = i * w;
    const below = row + w;
    const xi = x[i]!;
    for (let j = m - 1; j >= 0; j--) {
      lcs[row + j] = xi === y[j]! ? lcs[below + j + 1]! + 1 : Math.max(lcs[below + j]!, lcs[row + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      out.push({ op: 'same', text: a[start + i]!, old_no: start + i + 1, new_no: start + j + 1 });
      i++;
      j++;
    } else if (j === m || (i < n && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
      // On a tie the removal goes first: a changed line reads as old, then new.
      out.push({ op: 'del', text: a[start + i]!, old_no: start + i + 1, new_no: null });
      i++;
    } else {
      out.push({ op: 'add', text: b[start + j]!, old_no: null, new_no: start + j + 1 });
      j++;
    }
  }
}

/** The diff folded for reading: unchanged runs longer than 2·`context` lines collapse to a gap marker. */
export function foldUnchanged(lines: DiffLine[], context = 3): (DiffLine | { op: 'gap'; count: number })[] {
  const out: (DiffLine | { op: 'gap'; count: number })[] = [];
  let k = 0;
  while (k < lines.length) {
    if (lines[k]!.op !== 'same') {
      out.push(lines[k]!);
      k++;
      continue;
    }
    let end = k;
    while (end < lines.length && lines[end]!.op === 'same') end++;
    const runStart = k === 0;
    const runEnd = end === lines.length;
    const keepHead = runStart ? 0 : context;
    const keepTail = runEnd ? 0 : context;
    if (end - k > keepHead + keepTail + 1) {
      for (let x = k; x < k + keepHead; x++) out.push(lines[x]!);
      out.push({ op: 'gap', count: end - k - keepHead - keepTail });
      for (let x = end - keepTail; x < end; x++) out.push(lines[x]!);
    } else {
      for (let x = k; x < end; x++) out.push(lines[x]!);
    }
    k = end;
  }
  return out;
}
