/** The console session: an access token kept in localStorage so a reload stays signed in. */
const TOKEN_KEY = 'promptops.token';

type Listener = () => void;
const listeners = new Set<Listener>();
let token: string | null = localStorage.getItem(TOKEN_KEY);
let expired = false;

function emit(): void {
  listeners.forEach((listener) => listener());
}

export const session = {
  getToken: (): string | null => token,
  /** True after the server refused the token, until the next sign-in. */
  isExpired: (): boolean => expired,
  signIn(accessToken: string): void {
    token = accessToken;
    expired = false;
    localStorage.setItem(TOKEN_KEY, accessToken);
    emit();
  },
  signOut(reason: 'user' | 'expired' = 'user'): void {
    if (token === null) return;
    token = null;
    expired = reason === 'expired';
    localStorage.removeItem(TOKEN_KEY);
    emit();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
