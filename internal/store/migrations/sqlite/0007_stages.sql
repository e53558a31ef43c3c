-- Stages: a channel's live co-host session (at most one per channel), the
-- seats Onair handed out in it and viewers' requests to join. Media and
-- presence live in the SFU; these rows are Onair's rules. Times are Unix
-- milliseconds. Ending a stage deletes its row and, through the cascades,
-- its seats and requests.
CREATE TABLE stages (
    id           TEXT PRIMARY KEY,
    channel_id   TEXT NOT NULL UNIQUE REFERENCES channels (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    -- invite_code is the secret of the session link: the stage id is
    -- public (viewers watch it), the right to publish is not.
    invite_code  TEXT NOT NULL,
    -- host_seen_at is the last time the host was seen connected; the stage
    -- ends when it is older than the host-gone grace period.
    host_seen_at BIGINT NOT NULL,
    -- seq is bumped to serialise seat decisions for one stage.
    seq          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX stages_created_idx ON stages (created_at);

-- One row per participant token issued; a seat counts until its
-- participant connects (then the SFU counts it) or it expires unused.
CREATE TABLE stage_seats (
    participant_id TEXT PRIMARY KEY,
    stage_id       TEXT NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role           TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX stage_seats_stage_idx ON stage_seats (stage_id, created_at);

CREATE TABLE stage_requests (
    stage_id   TEXT NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    accepted   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (stage_id, user_id)
);

-- Users the host removed: they may watch the stage but not publish in it
-- again, and a connection they make with an old token is closed.
CREATE TABLE stage_removals (
    stage_id   TEXT NOT NULL REFERENCES stages (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    removed_at BIGINT NOT NULL,
    PRIMARY KEY (stage_id, user_id)
);
