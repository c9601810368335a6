-- schema.sql: the history database (bench --record, crit-history; docs/results-format.md,
-- "History"). The single source of the schema: the Makefile embeds this file into libcrit.
--
-- The file is a list of migration steps. A line "-- version N" starts the step that takes a
-- database from version N-1 to version N; a new database runs every step. A step runs in the
-- same transaction as the PRAGMA user_version = N that follows it, so a database is always at
-- a whole version. Never edit a released step: append "-- version N+1" with ALTER TABLE ...
--
-- Times are ns per iteration; a value the run did not have is NULL.

-- version 1
CREATE TABLE runs (
    run_id      TEXT PRIMARY KEY,  -- "<recorded, YYYYmmddTHHMMSS.uuuuuuZ>-<32 random hex>"
    date        TEXT NOT NULL,     -- ISO 8601 UTC, 2026-12-06T18:17:45Z
    git_commit  TEXT NOT NULL,     -- as context.json's git revision ("unknown" outside git)
    git_dirty   INTEGER,           -- 1: uncommitted changes to tracked files; NULL: unknown
    git_branch  TEXT NOT NULL,
    host        TEXT NOT NULL,
    cpu_model   TEXT NOT NULL,
    cores       INTEGER,
    governor    TEXT NOT NULL,
    kernel      TEXT NOT NULL,
    compiler    TEXT NOT NULL,
    flags       TEXT NOT NULL,
    build_mode  TEXT NOT NULL,
    seed        INTEGER NOT NULL,
    recorded_by TEXT NOT NULL      -- the program that recorded the run (argv[0])
) WITHOUT ROWID;

CREATE TABLE results (
    run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
    bench      TEXT NOT NULL,  -- full id, group/function/value
    measure    TEXT NOT NULL CHECK (measure IN ('time', 'instructions')),
    position   INTEGER NOT NULL,  -- order in the run
    group_id   TEXT NOT NULL,
    function_id TEXT,
    value_str  TEXT,
    -- the typical estimate (crit_typical: slope in Linear mode, else mean); for an
    -- instructions record the instructions per iteration, lower = upper = point
    typical_kind  TEXT NOT NULL CHECK (typical_kind IN ('slope', 'mean', 'instructions')),
    typical       REAL NOT NULL,
    typical_lower REAL NOT NULL,
    typical_upper REAL NOT NULL,
    mean REAL, mean_lower REAL, mean_upper REAL,
    median REAL, median_lower REAL, median_upper REAL,
    slope REAL, slope_lower REAL, slope_upper REAL,
    std_dev REAL, cv REAL,
    p50 REAL, p90 REAL, p95 REAL, p99 REAL,
    confidence_level REAL,
    sampling_mode TEXT,          -- 'linear' or 'flat' as sampled
    samples INTEGER,             -- points in the sample
    throughput_kind TEXT,        -- 'bytes', 'bytes_decimal', 'elements', 'bits'; NULL: none
    throughput_per_iter INTEGER,
    throughput REAL,             -- per second at the typical estimate
    instructions REAL, l1_misses REAL, ll_misses REAL, estimated_cycles REAL,
    -- the settings it ran with (NULL when the record had none: instructions)
    sample_size INTEGER, warm_up_time REAL, measurement_time REAL, nresamples INTEGER,
    significance_level REAL, noise_threshold REAL, target_precision REAL,
    PRIMARY KEY (run_id, bench, measure)
) WITHOUT ROWID;

-- per-iteration metrics a benchmark reported (allocs_per_iter, ...)
CREATE TABLE metrics (
    run_id  TEXT NOT NULL,
    bench   TEXT NOT NULL,
    measure TEXT NOT NULL,
    name    TEXT NOT NULL,
    value   REAL NOT NULL,
    PRIMARY KEY (run_id, bench, measure, name),
    FOREIGN KEY (run_id, bench, measure) REFERENCES results(run_id, bench, measure)
        ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX results_by_bench ON results(bench, measure);
