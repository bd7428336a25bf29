"use strict";
// Only `prisma dev` imports this package; Darkroom runs its own migrations and never starts Prisma's dev server.
exports.startLocalDurableStreamsServer = async () => {
  throw new Error("prisma dev is not available in Darkroom (its streams server needs Node 22)");
};
