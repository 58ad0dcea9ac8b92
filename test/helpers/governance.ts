/** The admin hand-over delay the test fixtures deploy with: two days, in seconds. */
export const ADMIN_DELAY = 2 * 24 * 3600;
/** The bounds the contracts accept for the admin delay, in seconds. */
export const MIN_ADMIN_DELAY = 24 * 3600;
export const MAX_ADMIN_DELAY = 30 * 24 * 3600;
