/** The little of `unzipper` (installed with exceljs, which reads xlsx with it) that sheet-merges.ts uses. */
declare module 'unzipper' {
  interface ZipEntry {
    path: string;
    stream(): NodeJS.ReadableStream;
  }
  const unzipper: { Open: { file(path: string): Promise<{ files: ZipEntry[] }> } };
  export default unzipper;
}
