/**
 * The demo web app: a real Clerk app in miniature, using the real clerk-js (bundled from
 * node_modules, no CDN) against the emulator's development instance. It is the extension's sync
 * host: signing in here is what the extension picks up.
 */
import { clerkReady } from '../../emulator/page/clerk-page-entry.ts';

declare global {
  interface Window {
    demo: {
      ready: Promise<void>;
      signIn(email: string, password: string): Promise<string>;
      signOut(): Promise<void>;
      /** clerk-js `setActive({ organization })`: an id or slug, or null for the personal account. */
      setOrganization(organization: string | null): Promise<void>;
      /** Re-verifies the current session with the password (Clerk's reverification flow). */
      reverify(password: string): Promise<void>;
      state(): {
        status: string;
        sessionId: string | null;
        organizationId: string | null;
        sessions: Array<{ id: string; email: string | null }>;
      };
    };
  }
}

// The page entry created and is loading the instance; this module only adds the demo's UI.
const clerk = await clerkReady;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function render() {
  const sessions = clerk.client?.signedInSessions ?? [];
  const user = clerk.user;
  $('status').textContent = user
    ? `Signed in as ${user.primaryEmailAddress?.emailAddress ?? user.id}`
    : clerk.status === 'ready'
      ? 'Signed out'
      : `Clerk is ${clerk.status}`;
  $('status').dataset.state = user ? 'signed-in' : 'signed-out';
  $('session').textContent = clerk.session ? `Session ${clerk.session.id}` : '';
  const list = $('sessions');
  list.replaceChildren(
    ...sessions.map((s) => {
      const item = document.createElement('li');
      item.textContent = `${s.publicUserData.identifier} (${s.id})${s.id === clerk.session?.id ? ' current' : ''}`;
      return item;
    }),
  );
  $('signout').hidden = !user;
  renderOrganizations();
  $('reverify').hidden = !user;
  $('signin-title').textContent = user ? 'Add another account' : 'Sign in';
}

/**
 * The organization switcher: the user's memberships (from the user JSON) and the personal
 * account; choosing one calls the real clerk-js `setActive({ organization })`, which touches the
 * session with `active_organization_id` and mints a token for it.
 */
function renderOrganizations() {
  const memberships = clerk.user?.organizationMemberships ?? [];
  $('orgs').hidden = !clerk.user || memberships.length === 0;
  const select = $<HTMLSelectElement>('org-select');
  const options = [
    { value: '', label: 'Personal account' },
    ...memberships.map((m) => ({ value: m.organization.id, label: `${m.organization.name} (${m.role})` })),
  ];
  select.replaceChildren(
    ...options.map(({ value, label }) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      return option;
    }),
  );
  select.value = clerk.organization?.id ?? '';
  $('org-status').textContent = clerk.organization
    ? `Active: ${clerk.organization.slug ?? clerk.organization.id}`
    : 'Active: personal account';
}

async function setOrganization(organization: string | null): Promise<void> {
  await clerk.setActive({ organization });
  render();
}

async function signIn(email: string, password: string): Promise<string> {
  const attempt = await clerk.client?.signIn.create({ identifier: email, password, strategy: 'password' });
  if (attempt?.status !== 'complete' || !attempt.createdSessionId) throw new Error(`sign-in ${attempt?.status ?? 'failed'}`);
  await clerk.setActive({ session: attempt.createdSessionId });
  render();
  return attempt.createdSessionId;
}

async function signOut(): Promise<void> {
  // A callback keeps clerk-js from reloading the page.
  await clerk.signOut(() => render());
  render();
}

/**
 * Clerk's reverification with the password, as Clerk's own UI does it for a sensitive action:
 * start a first-factor verification on the session, then attempt it.
 */
async function reverify(password: string): Promise<void> {
  const session = clerk.session;
  if (!session) throw new Error('Not signed in.');
  await session.startVerification({ level: 'first_factor' });
  const result = await session.attemptFirstFactorVerification({ strategy: 'password', password });
  if (result.status !== 'complete') throw new Error(`verification ${result.status}`);
  $('reverify-status').textContent = `Verified again at ${new Date().toLocaleTimeString()}`;
}

clerk.addListener(() => render());
render();

/**
 * The sign-in page of an app whose server said "signed out": like Clerk's <SignIn />, a browser
 * that is signed in is sent on to `redirect_url` at once. When the server and the browser
 * disagree (keys of two instances), that is the classic redirect loop; the demo stops following
 * it after a few bounces so a test's browser does not spin (a demo-only safety cap).
 */
const MAX_BOUNCES = 6;
if (location.pathname === '/sign-in' && clerk.user) {
  const target = new URLSearchParams(location.search).get('redirect_url');
  const bounces = Number(sessionStorage.getItem('demo-bounces') ?? '0');
  if (target?.startsWith('/') && bounces < MAX_BOUNCES) {
    sessionStorage.setItem('demo-bounces', String(bounces + 1));
    location.assign(target);
  } else if (target) {
    $('error').textContent = `Stopped after ${bounces} redirects: the server says signed out, the browser is signed in.`;
  }
}

window.demo = {
  ready: Promise.resolve(),
  signIn,
  signOut,
  setOrganization,
  reverify,
  state: () => ({
    status: clerk.status,
    sessionId: clerk.session?.id ?? null,
    organizationId: clerk.organization?.id ?? null,
    sessions: (clerk.client?.signedInSessions ?? []).map((s) => ({ id: s.id, email: s.publicUserData.identifier ?? null })),
  }),
};

$('signin').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  $('error').textContent = '';
  signIn(String(form.get('email')), String(form.get('password'))).catch((error: unknown) => {
    $('error').textContent = error instanceof Error ? error.message : String(error);
  });
});
$('signout').addEventListener('click', () => void signOut());
$('org-select').addEventListener('change', (event) => {
  const value = (event.target as HTMLSelectElement).value;
  $('error').textContent = '';
  setOrganization(value || null).catch((error: unknown) => {
    $('error').textContent = error instanceof Error ? error.message : String(error);
  });
});
$('reverify').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const password = String(new FormData(form).get('password'));
  $('reverify-status').textContent = '';
  reverify(password)
    .then(() => form.reset())
    .catch((error: unknown) => {
      $('reverify-status').textContent = error instanceof Error ? error.message : String(error);
    });
});
