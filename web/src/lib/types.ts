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
  /** Uploaded images (avatar, banner). */
  channelAssetUrls: ChannelAssetUrls;
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
  channelAssetUrls: ChannelAssetUrls;
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
  channelAssetUrls: ChannelAssetUrls;
  playbackUrl: string;
  /** Sub-second WebRTC playback address (POST an SDP offer; 404 while offline). */
  whepUrl: string;
  isLive: boolean;
  /** The signed-in viewer is banned from this channel's chat (then isLive is false). */
  isViewerBanned: boolean;
  /** The channel's owner is banned from the signed-in viewer's own chat. */
  isChannelBanned: boolean;
  /** null when signed out or on your own channel (no follow button). */
  isViewerFollowing: boolean | null;
  /** The channel's live co-host session, if any. */
  stageId: string | null;
  /** Set while live once the picture size is known. */
  ingestConfiguration?: { video: { videoWidth: number; videoHeight: number } };
  /** The stream action running now (late joiners see it for its remaining time). */
  activeAction: StreamAction | null;
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
  /** The uploaded avatar image when avatar is "custom". */
  avatarUrl?: string;
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
  | { type: 'viewerCount'; channelId: string; viewers: number; time: string }
  /** A stream action started (action) or stopped (null). */
  | { type: 'streamAction'; channelId: string; action: StreamAction | null; time: string }
  /** The live tally of the channel's poll (also when it ends: poll.ended). */
  | { type: 'pollVotes'; channelId: string; poll: Poll; time: string }
  /** The channel's co-host session started (stageId) or ended (null). */
  | { type: 'stageStatus'; channelId: string; stageId: string | null; time: string };

/** Publications on a user's inbox, #<userId>. */
export type InboxEvent =
  | { type: 'chatMessageRemoved'; channelId: string; messageId: string; time: string }
  | { type: 'chatBanned'; channelId: string; time: string }
  | { type: 'chatUnbanned'; channelId: string; time: string }
  | StageInboxEvent;

/** Co-host session events in the user's inbox (docs/stages.md); only the server sends them. */
export type StageInboxEvent =
  /** To the host: a viewer asks to join. */
  | { type: 'STAGE_REQUEST_TO_JOIN'; stageId: string; request: StageRequest }
  /** To the host: the viewer withdrew the request. */
  | { type: 'STAGE_REVOKE_REQUEST_TO_JOIN'; stageId: string; userId: string }
  /** To the requester: the host accepted. */
  | { type: 'STAGE_HOST_ACCEPT_REQUEST_TO_JOIN'; stageId: string; hostUsername: string }
  /** To the requester: the host dropped the request. */
  | { type: 'STAGE_HOST_DELETE_REQUEST_TO_JOIN'; stageId: string }
  /** To a participant the host removed. */
  | { type: 'STAGE_PARTICIPANT_KICKED'; stageId: string }
  /** To a participant whose screen share the host removed. */
  | { type: 'HOST_REMOVES_PARTICIPANT_SCREEN_SHARE'; stageId: string; participantId: string };

/** Who a stage token is for (docs/stages.md). */
export type StageRole = 'host' | 'invited' | 'requested' | 'spectator' | 'screenshare';

/** One LiveKit token of a stage join. */
export interface StageToken {
  token: string;
  /** `host:<channelId>` for the host's camera, a uuid otherwise. */
  participantId: string;
  participantGroup: 'user' | 'display';
}

/** Every answer to a join (GET /stages/create, createParticipantToken, createSpectatorToken). */
export interface StageJoin {
  stageId: string;
  participantRole: StageRole;
  /** The LiveKit signalling address for Room.connect. */
  url: string;
  user: StageToken;
  /** Only for the screenshare call. */
  display: StageToken | null;
  /** Epoch ms. */
  stageCreationDate: number;
  hostUsername: string;
  /** The session link's code (publishers only). */
  inviteCode?: string;
}

/** GET /stages/:stageId. */
export interface Stage {
  stageId: string;
  hostUserId: string;
  hostChannelId: string;
  hostUsername: string;
  stageCreationDate: number;
  participantCount: number;
  maxParticipants: number;
}

/** A viewer's pending request to join a stage. */
export interface StageRequest {
  userId: string;
  channelId: string;
  username: string;
  avatar: string;
  avatarUrl?: string;
  profileColor: string;
  /** Epoch ms. */
  sent: number;
}

export interface ChatBan {
  userId: string;
  username: string;
  avatar: string;
  color: string;
  bannedAt: string;
}

/** Uploaded profile images, by asset type; each address is versioned and cached for ever. */
export interface ChannelAssetUrls {
  avatar?: string;
  banner?: string;
}

/** A channel in the directory and following lists. */
export interface ChannelCard {
  username: string;
  avatar: string;
  color: string;
  channelAssetUrls: ChannelAssetUrls;
  isLive: boolean;
  stageId: string | null;
}

/** GET /channels?isLive=true and GET /channel/followingList. */
export interface ChannelList {
  channels: ChannelCard[];
  maxResults: number;
}

export type AssetType = 'avatar' | 'banner';

/** PUT /channel/preferences/update: set the colour and/or a preset avatar ("custom" = the uploaded image). */
export interface PreferencesRequest {
  color?: { name: string };
  avatar?: { name: string };
}

/** The owner's profile look after a change. */
export interface Profile {
  avatar: string;
  color: string;
  channelAssetUrls: ChannelAssetUrls;
}

export type StreamActionName = 'quiz' | 'poll' | 'product' | 'notice' | 'celebration' | 'amazon_product';

export interface QuizData {
  question: string;
  answers: string[];
  correctAnswerIndex: number;
  duration: number;
}
export interface PollData {
  question: string;
  answers: string[];
  duration: number;
}
export interface ProductData {
  title: string;
  price: string;
  imageUrl: string;
  description: string;
}
export interface NoticeData {
  title: string;
  message: string;
  duration: number;
}
export interface CelebrationData {
  duration: number;
}
/** The product summary the Amazon picker chose (spec 3.5 item). */
export interface AmazonProductData {
  title: string;
  price: { displayAmount: string } | null;
  productURL: string;
  images: { large?: { url: string }; medium?: { url: string }; small?: { url: string } } | null;
  merchantInfo?: unknown;
}

/** Sort orders of the Amazon product search (spec 3.5, 7.7). */
export type ProductSort = 'Relevance' | 'NewestArrivals' | 'Price:LowToHigh' | 'Price:HighToLow' | 'Featured';

/** GET /products/{keywords}: one page (10 items) of an Amazon product search. */
export interface ProductSearchResult {
  /** Matches in all, null when Amazon did not say. */
  searchCount: number | null;
  items: AmazonProductData[];
  /** The keywords searched, as sent (tells which search an answer belongs to). */
  keyword: string;
}

export interface StreamActionDataMap {
  quiz: QuizData;
  poll: PollData;
  product: ProductData;
  notice: NoticeData;
  celebration: CelebrationData;
  amazon_product: AmazonProductData;
}

/** POST /channel/actions/send body (<= 1 KB encoded). */
export type StreamActionRequest = { [K in StreamActionName]: { name: K; data: StreamActionDataMap[K] } }[StreamActionName];

/**
 * The channel's active stream action. LL-HLS viewers show it once their
 * playback reaches startTime (program-date-time), WebRTC viewers at once;
 * it ends at expiry (null: when stopped, replaced or the stream ends).
 */
export type StreamAction = StreamActionRequest & {
  id: string;
  startTime: string;
  expiry: string | null;
  /** Set for polls: the live tally. */
  poll?: Poll;
};

export interface PollOption {
  option: string;
  count: number;
}

/** A live poll tallied by the server. Votes count until endTime - 2 s; results stay up 10 s after. */
export interface Poll {
  id: string;
  question: string;
  options: PollOption[];
  duration: number;
  startTime: string;
  endTime: string;
  totalVotes: number;
  ended: boolean;
  /** The signed-in viewer's option index, or null. */
  myVote: number | null;
}

/** Saved stream-action forms by action name (server-side, any device). */
export type StreamActionForms = Partial<{ [K in StreamActionName]: unknown }>;

/** The error body every failed request answers. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    fields?: Record<string, string>;
    requestId?: string;
  };
}

/** One stream session in GET /metrics/sessions (newest start first). */
export interface StreamSessionSummary {
  streamId: string;
  startTime: string;
  endTime: string | null;
  hasErrorEvent: boolean;
  isHealthy: boolean;
  isLive: boolean;
}

/** A page of stream sessions; nextToken asks for the next page (null on the last). */
export interface StreamSessionList {
  streamSessions: StreamSessionSummary[];
  nextToken: string | null;
}

export type StreamMetricLabel = 'IngestVideoBitrate' | 'IngestFramerate' | 'KeyframeInterval' | 'ConcurrentViews';

/** One metric series: data[i] averages [alignedStartTime + i x period, + period); period in seconds. */
export interface StreamMetric {
  label: StreamMetricLabel | string;
  data: number[];
  period: number;
  alignedStartTime: string;
  alignedEndTime: string;
  average: number | null;
}

export interface StreamEvent {
  name: string;
  type: string;
  eventTime: string;
}

export interface IngestConfiguration {
  audio: { codec: string; channels: number; sampleRate: number; targetBitrate: number };
  video: {
    avcProfile: string;
    avcLevel: string;
    codec: string;
    encoder: string;
    targetBitrate: number;
    targetFramerate: number;
    videoWidth: number;
    videoHeight: number;
  };
}

/** GET /metrics/sessions/{streamId}: one session with events (oldest first), encoder configuration and metrics. */
export interface StreamSession extends StreamSessionSummary {
  truncatedEvents: StreamEvent[];
  ingestConfiguration: IngestConfiguration;
  metrics: StreamMetric[];
}

/** A registered webhook endpoint (GET /channel/webhooks); its secret is shown only at creation. */
export interface Webhook {
  id: string;
  url: string;
  createdAt: string;
}

export interface WebhookRequest {
  url: string;
}

/** POST /channel/webhooks: the only answer that carries the signing secret. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}

export interface WebhookList {
  webhooks: Webhook[];
}

/** One attempt of an endpoint's delivery log; statusCode is 0 when no answer came (see error). */
export interface WebhookDelivery {
  deliveryId: string;
  /** The stream event's name ("Stream Start"). */
  event: string;
  attempt: number;
  statusCode: number;
  error?: string;
  time: string;
}

export interface WebhookDeliveries {
  deliveries: WebhookDelivery[];
}
