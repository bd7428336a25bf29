#!/bin/sh
# Prisma's CLI wants its native schema engine, which it can only download; `generate` needs no more
# than an answer to --version, and every other engine command must fail loudly (migrations are
# applied by lib/db/migrate.ts instead).
if [ "$1" = "--version" ]; then echo "schema-engine-cli offline-stub"; exit 0; fi
echo "darkroom: the Prisma schema engine is not available offline; migrations are applied by the app" >&2
exit 1
