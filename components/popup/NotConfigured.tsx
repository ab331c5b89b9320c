/**
 * The popup before any app is configured: tab detection ("Inspect this app"), and the way to the
 * options page. A lazy chunk (components/Popup.tsx): a configured popup never loads it.
 */
import { CheckTabButton, DetectCard } from '../detect/DetectCard';
import { openOptions } from './open-options';

export default function NotConfigured({ layout }: { layout: 'popup' | 'panel' }) {
  return (
    <>
      <DetectCard layout={layout} />
      <section className="card empty">
        <p>
          Open your Clerk app’s tab and click this extension’s icon there: it finds the app by itself. Or add its publishable key
          (and the origin it runs on) on the options page.
        </p>
        <div className="button-row">
          <CheckTabButton />
          <button type="button" onClick={openOptions}>
            Open options to add an app
          </button>
        </div>
      </section>
    </>
  );
}
