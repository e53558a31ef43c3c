-- Stream sessions, their events and metric samples (spec 9). Times are Unix
-- milliseconds. Deleting a channel deletes its sessions; a channel's owner
-- is the only reader of its sessions.
CREATE TABLE stream_sessions (
    id              TEXT PRIMARY KEY,
    channel_id      TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    node            TEXT NOT NULL DEFAULT '',
    start_time      BIGINT NOT NULL,
    end_time        BIGINT,
    stream_started  BOOLEAN NOT NULL DEFAULT FALSE,
    is_healthy      BOOLEAN NOT NULL DEFAULT TRUE,
    has_error_event BOOLEAN NOT NULL DEFAULT FALSE,
    ingest_config   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX stream_sessions_channel_idx ON stream_sessions (channel_id, start_time);
CREATE INDEX stream_sessions_open_idx ON stream_sessions (channel_id) WHERE end_time IS NULL;

CREATE TABLE stream_events (
    id         INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES stream_sessions (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    time       BIGINT NOT NULL
);
CREATE INDEX stream_events_session_idx ON stream_events (session_id, time, id);

-- Samples are taken every 5 s; a job later averages old ones into coarser
-- periods (seconds) as spec 9.2 reads them.
CREATE TABLE stream_samples (
    session_id        TEXT NOT NULL REFERENCES stream_sessions (id) ON DELETE CASCADE,
    period            INTEGER NOT NULL DEFAULT 5,
    time              BIGINT NOT NULL,
    video_bitrate     REAL NOT NULL,
    framerate         REAL NOT NULL,
    keyframe_interval REAL NOT NULL,
    concurrent_views  REAL NOT NULL,
    PRIMARY KEY (session_id, period, time)
);
