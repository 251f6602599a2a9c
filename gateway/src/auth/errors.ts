/**
 * A request the gateway refuses before any GraphQL work: the HTTP status and the GraphQL error
 * code the client sees, with a message that says what is wrong (never which key, never a URL).
 */
export class AuthFailure extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 503,
    readonly code: 'UNAUTHENTICATED' | 'BAD_USER_INPUT' | 'FORBIDDEN' | 'INTERNAL_SERVER_ERROR',
    message: string,
  ) {
    super(message);
  }
  static unauthenticated(message: string): AuthFailure {
    return new AuthFailure(401, 'UNAUTHENTICATED', message);
  }
  body(): { errors: { message: string; extensions: { code: string } }[] } {
    return { errors: [{ message: this.message, extensions: { code: this.code } }] };
  }
}
