-- OpenAI's rule, kept by the database: a thread has at most one run that is not terminal. A second insert fails
-- with a unique violation, which the run service answers with OpenAI's 400.
CREATE UNIQUE INDEX ux_objects_active_run ON objects (tenant, parent_id)
    WHERE collection = 'runs' AND tag IN ('queued', 'in_progress', 'requires_action', 'cancelling');
