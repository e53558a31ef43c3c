-- Stream actions (spec 7): each channel's active action, server-tallied
-- polls with one vote per user, and saved action forms. Times are Unix
-- milliseconds; data columns hold JSON.

-- At most one active action per channel, shared by every node. It belongs
-- to the live session it was sent in; expiry is NULL for actions that run
-- until stopped.
CREATE TABLE stream_actions_active (
    channel_id TEXT PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    data       TEXT NOT NULL,
    session_id TEXT NOT NULL,
    start_time BIGINT NOT NULL,
    expiry     BIGINT
);

-- A poll's id is its action's. end_time is the planned end; ended_at is set
-- once it is over (stopped, replaced, stream ended, or its end handled).
CREATE TABLE polls (
    id         TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    question   TEXT NOT NULL,
    options    TEXT NOT NULL,
    duration   INTEGER NOT NULL,
    start_time BIGINT NOT NULL,
    end_time   BIGINT NOT NULL,
    ended_at   BIGINT
);
CREATE INDEX polls_channel_idx ON polls (channel_id, start_time);

-- The primary key is the one-vote rule: a second vote of a user fails
-- whichever node it reaches.
CREATE TABLE poll_votes (
    poll_id      TEXT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    option_index INTEGER NOT NULL,
    voted_at     BIGINT NOT NULL,
    PRIMARY KEY (poll_id, user_id)
);
CREATE INDEX poll_votes_user_idx ON poll_votes (user_id);

CREATE TABLE stream_action_forms (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    data       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, name)
);
