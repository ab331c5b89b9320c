// The demo app's test hooks (tests/demo/app/main.ts), as seen from page.evaluate().
interface Window {
  demo: {
    ready: Promise<void>;
    signIn(email: string, password: string): Promise<string>;
    signOut(): Promise<void>;
    state(): { status: string; sessionId: string | null; sessions: Array<{ id: string; email: string | null }> };
  };
}
