-- Usage rollup latencies as comma-separated text instead of int[]: a year of percentiles concatenates the
-- lists in SQL and parses one string in JS, several times cheaper than arrays through the driver, and still
-- exact. Existing rows are converted in place.
ALTER TABLE "UsageDaily" ALTER COLUMN "latencies" TYPE TEXT USING array_to_string("latencies", ',');
