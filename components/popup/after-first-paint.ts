/**
 * What is not the glance waits until the glance is on screen: `useAfterFirstPaint()` is false in
 * the first render and turns true right after it, in a transition (React renders that in a later
 * task, so the first commit, which shows the data, does not wait for it). The popup mounts its
 * lazy parts behind it: each `import()` the first render would call costs it about half a
 * millisecond before anything is shown (measured on the bench machine).
 */
import { startTransition, useEffect, useState } from 'react';

export function useAfterFirstPaint(): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    startTransition(() => setAfter(true));
  }, []);
  return after;
}
