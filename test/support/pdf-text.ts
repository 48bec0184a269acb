// Reads a PDF's text back with pdfjs (the legacy build runs in Node), so a test can check what a reader sees.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: number;
  /** Every page's text, lines separated by newlines. */
  text: string;
  /** The same without any whitespace: a phrase a layout wrapped over two lines is still found. */
  compact: string;
}

export async function readPdfText(bytes: Uint8Array): Promise<PdfText> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str;
      if (item.hasEOL) text += '\n';
    }
    pages.push(text);
  }
  await pdf.destroy();
  const text = pages.join('\n');
  return { pages: pdf.numPages, text, compact: text.replace(/\s+/g, '') };
}
