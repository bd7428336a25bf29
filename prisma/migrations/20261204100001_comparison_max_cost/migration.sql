-- A comparison's max cost (max_cost, USD) is saved with it, so its link and Run again keep the cap.
ALTER TABLE "Comparison" ADD COLUMN "maxCostUsd" DOUBLE PRECISION;
