import { z } from 'zod';

export const textOptionsSchema = z.strictObject({
  text: z.string().max(2000).default('').describe('Plain text, never HTML; a line break ("\\n") starts a new paragraph.'),
  align: z.enum(['left', 'center', 'right']).default('left').describe('Horizontal alignment of the text.'),
  size: z.enum(['title', 'body']).default('body').describe("'title': large and bold, e.g. a section heading; 'body': a paragraph of notes."),
});

export type TextOptions = z.output<typeof textOptionsSchema>;
