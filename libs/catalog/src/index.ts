export { catalogProjectId } from './catalog-id.js';
export { CATALOG_ENTRIES, type CatalogEntry } from './catalog-entries.js';
export { PLAN_COLUMNS, type PlanColumn } from './plan-columns.js';
export {
  PLAN_INDICATORS,
  type IndicatorNature,
  type IndicatorValue,
  type PlanIndicator,
} from './plan-indicators.js';
export { PLAN_END, PLAN_START, PLAN_TEXT_SHA256, PLAN_TITLE } from './plan-meta.js';
export { PLAN_TARGETS, type PlanTarget, type TargetBound, type TargetKind } from './plan-targets.js';
export * from './import/catalog-import.js';
export * from './import/milestone-schedule.js';
