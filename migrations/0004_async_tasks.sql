-- Async tasks (issue 3 item 9): a query run in the background into a table. The row is the
-- task's record and survives a restart; tasks a crash left queued or running are marked failed
-- at start-up (src/server/tasks/recover-interrupted-tasks.ts).
-- status: queued | running | success | failed | cancelled.
-- datasource: {id, type} as the legacy API sent it (null = DuckQuery's own database).
-- result_info: {status, table_name, row_count, columns: [{name, type}]} once the task succeeded.
-- metadata: anything else about the task (progress id, cancel reason); retry links are columns.
CREATE TABLE system_async_tasks (
  task_id           VARCHAR PRIMARY KEY,
  status            VARCHAR NOT NULL,
  query             VARCHAR NOT NULL,
  task_type         VARCHAR NOT NULL DEFAULT 'query',
  datasource        JSON,
  custom_table_name VARCHAR,
  result_info       JSON,
  error_message     VARCHAR,
  created_at        TIMESTAMPTZ NOT NULL,
  started_at        TIMESTAMPTZ,
  completed_at      TIMESTAMPTZ,
  execution_time    DOUBLE,                      -- seconds, as the legacy API reported it
  last_retry_id     VARCHAR,                     -- the newest task retrying this one
  retry_of          VARCHAR,                     -- the task this one retries
  metadata          JSON NOT NULL DEFAULT '{}',
  actor             VARCHAR NOT NULL
);
