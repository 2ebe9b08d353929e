/** Who a socket is when it never said (seed 003's `attachment?.userId || 'anonymous'`). */
export const ANONYMOUS = "anonymous";
