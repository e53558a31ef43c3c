// Every user-visible string of co-host sessions (spec 2.9, 8, 11).

export const STAGE_MESSAGES = {
  collaborate: 'Collaborate',
  unableToCreate: 'Unable to create session',
  unableToJoin: 'Unable to join session',
  unableToLeave: 'Unable to leave session',
  sessionEnded: 'The session ended',
  removed: 'You have been removed from the session',
  left: 'You have left the session',
  screenShareRemoved: 'Your screen share has been removed',
  unableToScreenShare: 'Unable to start screenshare',
  screenSharePermission: 'Screenshare permission denied',
  linkCopied: 'Session link has been copied to clipboard',
  unableToCopy: 'Unable to copy link',
  removeFailed: 'Failed to remove participant',
  requestSent: 'Request sent',
  requestFailed: 'Failed to send request',
  joining: 'Joining session...',
  readyToJoin: 'Ready to join?',
  joinNow: 'Join now',
  endConfirm: 'Leave and end session for everyone?',
  leaveConfirm: 'Are you sure you want to exit the session?',
  leavePage: 'Are you sure you want to leave this page? You will also leave this session.',
  requestToJoin: 'Request to join',
  cancelRequest: 'Cancel request',
  clickToUnmute: 'Click to unmute',
  invite: 'Invite participant',
  sessionParticipants: 'Session participants',
} as const;

export const joinedMessage = (username: string, screenShare: boolean) =>
  screenShare ? `${username}'s screenshare has joined the session` : `${username} has joined the session`;

export const removeConfirm = (username: string, screenShare: boolean) =>
  `Are you sure you want to remove ${username}${screenShare ? ' (Screen share)' : ''} from the session?`;

export const participantsTitle = (n: number, max: number) => `Participants (${n}/${max})`;

/** Publishers per stage (spec 8.1). */
export const MAX_PARTICIPANTS = 12;
