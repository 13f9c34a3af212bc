-- The same rule as 0003, kept by a unique index on an expression instead of a partial index. SQLite's planner compares
-- a query's parameters (collection = @collection) with a partial index's WHERE clause, and a statement whose plan
-- looked at a bound value is prepared again each time a value is bound to it: every list and every insert condition
-- was parsed and planned again on each call, which made a list of a thread's runs six times slower. Rows that are not
-- active runs index a NULL, and NULLs never collide in a unique index. (SqliteStoreTests checks for re-preparing.)
DROP INDEX ux_objects_active_run;
CREATE UNIQUE INDEX ux_objects_active_run ON objects (tenant, (
    CASE WHEN collection = 'runs' AND tag IN ('queued', 'in_progress', 'requires_action', 'cancelling') THEN parent_id END));
