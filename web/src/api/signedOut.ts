// A tiny hook point with no imports, so the API client and the event streams can report a 401
// without depending on the auth store (which depends on the client).

let handler: (() => void) | null = null;

export const signedOutHook = {
  set(h: (() => void) | null) {
    handler = h;
  },
  notify() {
    handler?.();
  },
};
