export { detectContext, labelAt } from './detector';
export { compileRules, defaultRules, RESOURCE_NAME, rulesVersion } from './rules';
export type { RuleSet } from './rules';
export { PRECEDENCE } from './types';
export type { ContextCause, ContextLabel, ContextSpan, DetectOptions, ModifierLabel } from './types';
export { clipSpans, decodeSpans, encodeSpans, PageContext } from './chunkSpans';
export type { StoredSpan } from './chunkSpans';
