export function Options() {
  return (
    <main>
      <h1>Clerk apps</h1>
    </main>
  );
}
