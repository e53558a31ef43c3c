-- Chat bans: a channel owner bars a user from the channel's chat room (and
-- from seeing whether the channel is live). Times are Unix milliseconds.
-- Deleting either the channel or the user deletes the ban.
CREATE TABLE chat_bans (
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX chat_bans_user_idx ON chat_bans (user_id);
