/**
 * One customer across systems: each source's account id resolved to one customer id by the configured match
 * keys and the hot-reloaded mapping file (docs/customers.md). The resolver is pure; only the mapping file is read here.
 */
export { customerIdProblems, customersConfigSchema, MATCH_KEYS, RESERVED_SOURCE_IDS, type CustomersConfig, type MatchKey } from './config';
export { normaliseExternalId, normaliseName, normaliseTaxId } from './normalise';
export { mappingFileSchema, mappingJsonSchema, readMapping, type MappingRead } from './mapping';
export {
  createCustomerResolver, SAMPLE_SIZE,
  type AccountRef, type CustomerChange, type CustomerResolver, type CustomerView, type MappedCustomer, type UnmatchedAccounts,
} from './resolver';
export { createCustomerMap, type CustomerMap, type CustomerMapOptions, type CustomerMapStatus } from './service';
