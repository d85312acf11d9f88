// Writes docs/widgets.md from every widget folder's options.ts (descriptions, types, defaults), its index.ts
// `accepts` and its sample, so the options reference stays the schemas' own words.
// Run: node --import tsx scripts/widgets-doc.ts   (a unit test checks the file is current)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadWidgetDocs, renderWidgetsDoc } from './widgets-doc-render';

const at = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
writeFileSync(at('docs/widgets.md'), renderWidgetsDoc(await loadWidgetDocs(at('client/widgets'))));
console.log(`wrote ${at('docs/widgets.md')}`);
