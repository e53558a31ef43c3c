-- Follows and uploaded profile images. Times are Unix
-- milliseconds. Deleting either side of a follow deletes it (a deleted
-- channel silently leaves following lists).
CREATE TABLE follows (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, channel_id)
);
CREATE INDEX follows_user_recent_idx ON follows (user_id, created_at);
CREATE INDEX follows_channel_idx ON follows (channel_id);

-- One row per uploaded image kind (avatar, banner); key names the stored
-- file, which is versioned so its public address never serves stale bytes.
CREATE TABLE profile_assets (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    file_key   TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- The directory lists live sessions newest first.
CREATE INDEX stream_sessions_live_idx ON stream_sessions (start_time) WHERE end_time IS NULL AND stream_started = TRUE;
