export default function PlaygroundPage() {
  return (
    <main className="p-8">
      <h1 className="text-2xl font-semibold">Darkroom</h1>
    </main>
  );
}
