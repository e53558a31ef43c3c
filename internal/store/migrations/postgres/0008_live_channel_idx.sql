-- Each channel's live sessions (open and streaming), newest start last:
-- the following list probes it once per followed channel and the directory
-- once per listed session, reading the index alone, however many past
-- sessions a channel has.
CREATE INDEX stream_sessions_live_channel_idx ON stream_sessions (channel_id, start_time) WHERE end_time IS NULL AND stream_started = TRUE;
