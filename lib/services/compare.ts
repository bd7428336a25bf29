// The compare surface's one import path: view models (catalog, cells) and running live in their own files.
export * from "./compare-types";
export { compareCatalog, initialForm } from "./compare-catalog";
export { comparisonView, recentComparisons } from "./compare-cells";
export { createComparison, estimateComparison, rerunComparison, runTarget } from "./compare-run";
