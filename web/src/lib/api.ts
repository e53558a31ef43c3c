// The one client of Onair's HTTP API. Components call these functions (through
// TanStack Query), never fetch directly. Failures become ApiError.
import type {
  AssetType,
  Poll,
  StreamAction,
  StreamActionForms,
  StreamActionName,
  StreamActionRequest,
  ChannelList,
  ChatBan,
  ChatMessage,
  ErrorBody,
  LiveStatus,
  Me,
  OwnChannel,
  PendingEmailResponse,
  PreferencesRequest,
  ProductSearchResult,
  ProductSort,
  Profile,
  PublicChannel,
  RealtimeToken,
  RegisterRequest,
  RegisterResponse,
  SessionResponse,
  Stage,
  StageJoin,
  StageRequest,
  StreamKeyResponse,
  StreamSession,
  StreamSessionList,
  UsernameResponse,
  VerifyResponse,
  CreatedWebhook,
  Webhook,
  WebhookDeliveries,
  WebhookDelivery,
  WebhookList,
  WebhookRequest,
} from './types';

export const UNEXPECTED_MESSAGE = 'An unexpected error occurred, please try again later';

/** A failed API call: HTTP status (0 = no response), the server's code, message and field errors. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.requestId = requestId;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

function isErrorBody(v: unknown): v is ErrorBody {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

/** Turns a non-2xx response into an ApiError, whatever its body. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (isErrorBody(body)) {
    const { code, message, fields, requestId } = body.error;
    return new ApiError(res.status, code, message || UNEXPECTED_MESSAGE, fields ?? {}, requestId);
  }
  return new ApiError(res.status, 'UnexpectedException', UNEXPECTED_MESSAGE);
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Sends one request; resolves with the JSON body (undefined for 204) or rejects with ApiError. */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiError(0, 'NetworkError', UNEXPECTED_MESSAGE);
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** PUTs a file as the raw request body with its own content type. */
async function upload<T>(path: string, file: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NetworkError', UNEXPECTED_MESSAGE);
  }
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as T;
}

/** Queues a POST that survives the page closing (a JSON string body, sent with the cookie). */
function beacon(path: string, body: unknown): boolean {
  if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return false;
  try {
    return navigator.sendBeacon(`/api/v1${path}`, JSON.stringify(body));
  } catch {
    return false;
  }
}

export const api = {
  auth: {
    /** The signed-in user, or null when there is no valid session. */
    async session(): Promise<Me | null> {
      try {
        return (await request<SessionResponse>('GET', '/auth/session')).user;
      } catch (err) {
        if (isApiError(err) && err.status === 401) return null;
        throw err;
      }
    },
    signIn: async (username: string, password: string) =>
      (await request<SessionResponse>('POST', '/auth/signin', { username, password })).user,
    signOut: () => request<void>('POST', '/auth/signout'),
    verify: (username: string, code: string) => request<VerifyResponse>('POST', '/auth/verify', { username, code }),
    resendVerification: (username: string) => request<object>('POST', '/auth/verify/resend', { username }),
    requestPasswordReset: (email: string) => request<object>('POST', '/channel/password/reset', { email }),
    confirmPasswordReset: (username: string, code: string, newPassword: string) =>
      request<object>('POST', '/auth/password/reset/confirm', { username, code, newPassword }),
  },
  account: {
    register: (req: RegisterRequest) => request<RegisterResponse>('POST', '/channel/register', req),
    changePassword: (currentPassword: string, newPassword: string) =>
      request<object>('PUT', '/channel/password/update', { currentPassword, newPassword }),
    changeUsername: (newUsername: string) =>
      request<UsernameResponse>('PUT', '/channel/username/update', { newUsername }),
    changeEmail: (newEmail: string) => request<PendingEmailResponse>('PUT', '/channel/email/update', { newEmail }),
    delete: () => request<void>('DELETE', '/channel'),
  },
  channel: {
    own: () => request<OwnChannel>('GET', '/channel'),
    resetStreamKey: () => request<StreamKeyResponse>('POST', '/channel/streamKey/reset'),
    liveStatus: () => request<LiveStatus>('GET', '/channel/liveStatus'),
    byUsername: (username: string) =>
      request<PublicChannel>('GET', `/channels/${encodeURIComponent(username)}`),
    updatePreferences: (prefs: PreferencesRequest) => request<Profile>('PUT', '/channel/preferences/update', prefs),
    /** Uploads a JPEG or PNG as the avatar (<= 1 MB) or banner (<= 5 MB); the server re-encodes it. */
    uploadAsset: (assetType: AssetType, file: Blob) => upload<Profile>(`/channel/assets/${assetType}`, file),
    deleteAsset: (assetType: AssetType) => request<Profile>('DELETE', `/channel/assets/${assetType}`),
  },
  actions: {
    /** Starts a stream action (owner, while live); it replaces the active one. */
    send: (req: StreamActionRequest) => request<StreamAction>('POST', '/channel/actions/send', req),
    /** Stops the active stream action (a poll ends now and shows its results). */
    stop: () => request<void>('DELETE', '/channel/actions/active'),
    /** The owner's active action, or null. */
    active: async () => (await request<{ action: StreamAction | null }>('GET', '/channel/actions/active')).action,
    forms: async () => (await request<{ forms: StreamActionForms }>('GET', '/channel/actions/forms')).forms,
    saveForm: (name: StreamActionName, data: unknown) =>
      request<void>('PUT', `/channel/actions/forms/${name}`, data),
    vote: (channelId: string, pollId: string, option: number) =>
      request<Poll>('POST', `/channels/${encodeURIComponent(channelId)}/polls/${encodeURIComponent(pollId)}/votes`, { option }),
  },
  products: {
    /**
     * One page (1 to 5, 10 items each) of an Amazon product search (only when
     * the server enables the Amazon product action). origin "sort": the
     * search follows a change of sort order (its failures say so).
     */
    search: (keywords: string, { sort = 'Relevance', page = 1, origin }: { sort?: ProductSort; page?: number; origin?: 'sort' } = {}) => {
      const q = new URLSearchParams({ sort, page: String(page) });
      if (origin) q.set('origin', origin);
      return request<ProductSearchResult>('GET', `/products/${encodeURIComponent(keywords)}?${q.toString()}`);
    },
  },
  directory: {
    /** Live channels, newest start first, then channels with a live co-host session. */
    live: () => request<ChannelList>('GET', '/channels?isLive=true'),
  },
  following: {
    /** Followed channels: live first by start time, then by follow recency; at most 50. */
    list: () => request<ChannelList>('GET', '/channel/followingList'),
    follow: (followedUsername: string) => request<object>('PUT', '/channel/followingList/add', { followedUsername }),
    unfollow: (followedUsername: string) =>
      request<object>('PUT', '/channel/followingList/remove', { followedUsername }),
  },
  realtime: {
    token: () => request<RealtimeToken>('POST', '/realtime/token'),
  },
  chat: {
    send: (channelId: string, content: string) =>
      request<ChatMessage>('POST', `/chat/${encodeURIComponent(channelId)}/messages`, { content }),
    deleteMessage: (channelId: string, messageId: string) =>
      request<void>('DELETE', `/chat/${encodeURIComponent(channelId)}/messages/${encodeURIComponent(messageId)}`),
    bans: async (channelId: string) =>
      (await request<{ bans: ChatBan[] }>('GET', `/chat/${encodeURIComponent(channelId)}/bans`)).bans,
    ban: (channelId: string, userId: string) =>
      request<void>('PUT', `/chat/${encodeURIComponent(channelId)}/bans/${encodeURIComponent(userId)}`),
    unban: (channelId: string, userId: string) =>
      request<void>('DELETE', `/chat/${encodeURIComponent(channelId)}/bans/${encodeURIComponent(userId)}`),
  },
  metrics: {
    /** The signed-in user's stream sessions, newest start first (nextToken: the next page). */
    sessions: (nextToken?: string | null) =>
      request<StreamSessionList>(
        'GET',
        `/metrics/sessions${nextToken ? `?${new URLSearchParams({ nextToken }).toString()}` : ''}`,
      ),
    /** One session with its events, encoder configuration and metric series. */
    session: (streamId: string) => request<StreamSession>('GET', `/metrics/sessions/${encodeURIComponent(streamId)}`),
  },
  stages: {
    /** Creates (or rejoins) the caller's stage as host; 409 ChannelLiveException while broadcasting. */
    create: () => request<StageJoin>('GET', '/stages/create'),
    /** The stage; 404 StageNotFoundException once it ended. */
    get: (stageId: string) => request<Stage>('GET', `/stages/${encodeURIComponent(stageId)}`),
    /** A join by invite link (invited), after an accepted request (requested), or a screen share's display token. */
    participantToken: (stageId: string, type: 'invited' | 'requested' | 'screenshare', invite?: string) =>
      request<StageJoin>(
        'GET',
        `/stages/createParticipantToken/${encodeURIComponent(stageId)}/${type}${invite ? `?${new URLSearchParams({ invite })}` : ''}`,
      ),
    /** A subscribe-only join (anyone). */
    spectatorToken: (stageId: string) =>
      request<StageJoin>('GET', `/stages/createSpectatorToken/${encodeURIComponent(stageId)}`),
    /** Ends the caller's stage for everyone. */
    end: () => request<{ message?: string }>('PUT', '/stages/end'),
    /** Host: removes a participant (and their screen share). */
    disconnectParticipant: (participantId: string, displayParticipantId?: string) =>
      request<unknown>('PUT', '/stages/disconnectParticipant', {
        participantId,
        ...(displayParticipantId ? { displayParticipantId } : {}),
      }),
    /** Host: removes a screen share (a display participant). */
    removeScreenShare: (participantId: string) => request<unknown>('PUT', '/stages/removeScreenShare', { participantId }),
    requestToJoin: (stageId: string) => request<unknown>('POST', '/stages/requestToJoin', { stageId }),
    revokeRequest: (stageId: string) => request<unknown>('POST', '/stages/revokeStageRequest', { stageId }),
    /** Host: pending requests, oldest first. */
    requests: async (): Promise<StageRequest[]> =>
      (await request<{ requests: StageRequest[] }>('GET', '/stages/requests')).requests,
    acceptRequest: (userId: string) => request<unknown>('POST', '/stages/acceptRequest', { userId }),
    deleteRequest: (userId: string) => request<unknown>('POST', '/stages/deleteRequest', { userId }),
  },
  /** Calls made while the tab closes (navigator.sendBeacon); they return whether the browser queued them. */
  beacon: {
    hostDisconnected: (stageId: string) => beacon('/stages/sendHostDisconnectedMessage', { stageId }),
    revokeStageRequest: (stageId: string) => beacon('/stages/revokeStageRequest', { stageId }),
  },
  webhooks: {
    /** The signed-in user's endpoints, oldest first (without their secrets). */
    list: async (): Promise<Webhook[]> => (await request<WebhookList>('GET', '/channel/webhooks')).webhooks,
    /** Registers an endpoint (at most 5); the answer holds the signing secret, shown this once. */
    create: (url: string) => request<CreatedWebhook>('POST', '/channel/webhooks', { url } satisfies WebhookRequest),
    remove: (id: string) => request<void>('DELETE', `/channel/webhooks/${encodeURIComponent(id)}`),
    /** The endpoint's delivery log: every attempt, newest first (at most 100). */
    deliveries: async (id: string): Promise<WebhookDelivery[]> =>
      (await request<WebhookDeliveries>('GET', `/channel/webhooks/${encodeURIComponent(id)}/deliveries`)).deliveries,
  },
};
