// Reads an uncompressed PDF the way a test needs: the page count, and the text each content stream
// draws (pdfkit writes text as hex strings in TJ arrays, in WinAnsi for the built-in fonts).
export interface PdfFacts {
  pages: number;
  /** The text of each content stream, in file order (one per page for pdfkit's buffered pages). */
  streams: string[];
}

const CP1252: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };

function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    out += CP1252[b] ?? String.fromCharCode(b);
  }
  return out;
}

export function readPdf(buf: Buffer): PdfFacts {
  const s = buf.toString('latin1');
  const pages = (s.match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  const streams: string[] = [];
  for (const m of s.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    const body = m[1]!;
    if (!body.includes('BT')) continue;
    const lines: string[] = [];
    for (const tj of body.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
      lines.push([...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeHex(h[1]!)).join(''));
    }
    streams.push(lines.join('\n'));
  }
  return { pages, streams };
}
