-- Per-user monthly budgets (issue 14): the admin's limit, and the estimates running generations hold against it.
CREATE TABLE "UserBudget" (
    "userId" TEXT NOT NULL,
    "monthlyBudgetUsd" DOUBLE PRECISION,
    CONSTRAINT "UserBudget_pkey" PRIMARY KEY ("userId")
);

CREATE TABLE "UserBudgetReservation" (
    "userId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "reservedUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    CONSTRAINT "UserBudgetReservation_pkey" PRIMARY KEY ("userId", "month")
);
