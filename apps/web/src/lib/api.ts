import { client } from '@promptops/api-client/client.gen';
import { session } from './session';

/** Points the generated client at the API that serves the console and signs every call. */
export function configureApiClient(): void {
  client.setConfig({ baseUrl: '', auth: () => session.getToken() ?? undefined });
  client.interceptors.response.use((response, request) => {
    // A refused token means the session is over; a refused sign-in is only a wrong password.
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/auth/login')) {
      session.signOut('expired');
    }
    return response;
  });
}
