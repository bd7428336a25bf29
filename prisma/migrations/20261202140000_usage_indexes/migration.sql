-- Usage page: attempts over a time range (breaker openings, per-provider outcomes) scan by start time.
CREATE INDEX IF NOT EXISTS "Attempt_startedAt_idx" ON "Attempt"("startedAt");

-- Usage page: per-bucket aggregates over a createdAt range read these columns without touching the heap rows' other fields.
CREATE INDEX IF NOT EXISTS "Generation_createdAt_usage_idx" ON "Generation"("createdAt", "status", "model", "provider", "source");
