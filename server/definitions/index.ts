export { definitionSchema, definitionJsonSchema, filterSchema, DEFINITION_ID, type Definition, type DefinitionInput, type Filter } from './schema';
export { checkDefinition, parseDefinition, DEFAULT_LIMITS, type DefinitionProblem, type DefinitionLimits, type FlowRef } from './check';
export { compileDefinition, UNKNOWN_GROUP } from './compile';
export { CANONICAL_FIELDS, ENTITIES, type Entity } from './fields';
export { definitionsConfigSchema, definitionLimits } from './config';
