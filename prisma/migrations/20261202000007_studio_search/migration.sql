-- Gallery search with English stemming ("astronaut cats" finds "astronaut cat") while keeping exact words:
-- the column holds both the stemmed and the plain lexemes, and each query word matches either as a prefix.
DROP INDEX IF EXISTS "Generation_promptSearch_idx";
ALTER TABLE "Generation" DROP COLUMN "promptSearch";
ALTER TABLE "Generation" ADD COLUMN "promptSearch" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "prompt") || to_tsvector('simple'::regconfig, "prompt")) STORED;
CREATE INDEX "Generation_promptSearch_idx" ON "Generation" USING GIN ("promptSearch");
