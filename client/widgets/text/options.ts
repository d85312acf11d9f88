import { z } from 'zod';

export const textOptionsSchema = z.strictObject({
  /** Plain text, never HTML; a line break ("\n") starts a new paragraph. */
  text: z.string().max(2000).default(''),
  align: z.enum(['left', 'center', 'right']).default('left'),
  /** 'title': large and bold, e.g. a section heading; 'body': a paragraph of notes. */
  size: z.enum(['title', 'body']).default('body'),
});

export type TextOptions = z.output<typeof textOptionsSchema>;
