import unzipper from 'unzipper';

/** A merged range, 1-based and inclusive. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const MERGE = /<mergeCell\b[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/g;

const columnNumber = (letters: string) => [...letters].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);

/**
 * The merged ranges of one sheet (`xl/worksheets/sheetN.xml`), found by scanning the sheet's XML
 * as a stream: exceljs's streaming reader skips `<mergeCells>`, and its whole-workbook reader
 * would hold every cell in memory.
 */
export async function readMergeRanges(xlsxPath: string, sheetNo: string): Promise<MergeRange[]> {
  // exceljs's own zip reader (installed with exceljs): random access to one entry.
  const directory = await unzipper.Open.file(xlsxPath);
  const entry = directory.files.find((f) => f.path === `xl/worksheets/sheet${sheetNo}.xml`);
  if (!entry) return [];
  const ranges: MergeRange[] = [];
  let carry = '';
  for await (const chunk of entry.stream() as AsyncIterable<Buffer>) {
    const text = carry + chunk.toString('utf8');
    let lastEnd = 0;
    for (const match of text.matchAll(MERGE)) {
      const [, c1, r1, c2, r2] = match;
      ranges.push({ left: columnNumber(c1!), top: Number(r1), right: columnNumber(c2 ?? c1!), bottom: Number(r2 ?? r1) });
      lastEnd = match.index! + match[0].length;
    }
    // keep a tail that may hold a tag cut in two (a tag is far shorter than 200 characters)
    carry = text.slice(Math.max(lastEnd, text.length - 200));
  }
  return ranges;
}
