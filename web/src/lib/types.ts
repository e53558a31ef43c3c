// JSON bodies of the Onair API (internal/api/api.go).

export type ProfileColor = 'blue' | 'green' | 'lavender' | 'purple' | 'salmon' | 'turquoise' | 'yellow';

/** The signed-in user (GET /auth/session, POST /auth/signin). */
export interface Me {
  id: string;
  username: string;
  email: string;
  emailVerified: boolean;
  /** An address the user asked to change to; it applies once its mailed link is opened. */
  pendingEmail: string | null;
  avatar: string;
  color: string;
  channelId: string;
}

export interface SessionResponse {
  user: Me;
}

export interface RegisterRequest {
  username: string;
  email: string;
  password: string;
  avatar: string;
  color: string;
}

/** What a verification link confirmed: a new account, or a changed email address. */
export interface VerifyResponse {
  emailChanged: boolean;
}

export interface RegisterResponse {
  userConfirmed: boolean;
}

/** The owner's view of their channel; the only response with the stream key. */
export interface OwnChannel {
  id: string;
  username: string;
  email: string;
  avatar: string;
  color: string;
  channelId: string;
  playbackId: string;
  playbackUrl: string;
  ingestEndpoint: string;
  ingestServerUrl: string;
  /** WebRTC (WHIP) ingest address; the stream key is the bearer token. */
  whipUrl: string;
  streamKeyValue: string;
  chatRoomId: string;
  trackingId: string;
  channelAssetUrls: Record<string, string>;
  stageId: string | null;
  channelConfiguration: { type: string };
}

/** What anyone may see about a channel. */
export interface PublicChannel {
  /** The owner's stable user id (what a chat ban names). */
  userId: string;
  username: string;
  avatar: string;
  color: string;
  channelId: string;
  channelAssetUrls: Record<string, string>;
  playbackUrl: string;
  /** Sub-second WebRTC playback address (POST an SDP offer; 404 while offline). */
  whepUrl: string;
  isLive: boolean;
  /** The signed-in viewer is banned from this channel's chat (then isLive is false). */
  isViewerBanned: boolean;
  /** Set while live once the picture size is known. */
  ingestConfiguration?: { video: { videoWidth: number; videoHeight: number } };
}

/** The signed-in user's own channel state (GET /channel/liveStatus). */
export interface LiveStatus {
  isBroadcasting: boolean;
  isStageActive: boolean;
}

export interface StreamKeyResponse {
  streamKeyValue: string;
}

export interface UsernameResponse {
  username: string;
}

export interface PendingEmailResponse {
  pendingEmail: string;
}

/** POST /realtime/token: a single-use token opening one realtime connection within a minute. */
export interface RealtimeToken {
  token: string;
  expiresAt: string;
  url: string;
}

/** Who sent a chat message. */
export interface ChatSender {
  userId: string;
  username: string;
  avatar: string;
  color: string;
}

/** A chat message, as sent (201) and as the room publishes it. */
export interface ChatMessage {
  type: 'message';
  id: string;
  channelId: string;
  /** Plain text: always rendered as text, never as HTML. */
  content: string;
  sendTime: string;
  sender: ChatSender;
}

/** Publications on chat:<channelId> (docs/realtime.md). */
export type ChatEvent =
  | ChatMessage
  | { type: 'messageDeleted'; channelId: string; messageId: string; userId: string; time: string }
  | { type: 'userBanned'; channelId: string; userId: string; time: string };

/** Publications on channel:<channelId>. */
export type ChannelEvent =
  | { type: 'liveStatus'; channelId: string; isLive: boolean; time: string }
  | { type: 'viewerCount'; channelId: string; viewers: number; time: string };

/** Publications on a user's inbox, #<userId>. */
export type InboxEvent =
  | { type: 'chatMessageRemoved'; channelId: string; messageId: string; time: string }
  | { type: 'chatBanned'; channelId: string; time: string }
  | { type: 'chatUnbanned'; channelId: string; time: string };

export interface ChatBan {
  userId: string;
  username: string;
  avatar: string;
  color: string;
  bannedAt: string;
}

/** The error body every failed request answers. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    fields?: Record<string, string>;
    requestId?: string;
  };
}
