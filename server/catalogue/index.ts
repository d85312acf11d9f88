export { BUILTIN_DIR, builtinMetrics, createCatalogue, metricsDirBeside, readCatalogue, type Catalogue, type CatalogueOptions } from './catalogue';
export { validateDefinitionFile, type DefinitionEntry } from './load';
export { screenSchemaMissing } from './schema-freshness';
