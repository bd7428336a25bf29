-- Gallery search reads the full-text index without a pending list. With fastupdate on, a GIN index parks new
-- entries in a list that every search scans in full until VACUUM (or autovacuum) merges it; embedded
-- PGlite runs no autovacuum, so the list only ever grew to its 4 MB limit. Generations arrive one at a
-- time, so updating the index on insert costs little.
ALTER INDEX "Generation_promptSearch_idx" SET (fastupdate = off);
-- Merges what is already pending (turning fastupdate off does not).
SELECT gin_clean_pending_list('"Generation_promptSearch_idx"'::regclass);
