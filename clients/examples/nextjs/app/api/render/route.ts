import { withCredits } from "@/lib/credits";

// A long job (a video render) billed 2 credits a second of footage, up to 60, run only while the
// client waits: when the client goes away, request.signal aborts, the render stops and
// withCredits releases the hold, so nobody pays for work nobody received.
export const POST = withCredits({ credits: 60 }, async (request, _context, charge) => {
  const seconds = Math.min(30, Math.max(1, Number(new URL(request.url).searchParams.get("seconds") ?? 1)));
  await render(seconds, request.signal);
  charge.use(2 * seconds);
  return Response.json({ seconds, url: "https://videos.example.com/1.mp4" });
});

/** Stands in for the real work: one second per second of footage, abandoned on abort. */
function render(seconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = setTimeout(resolve, seconds * 1000);
    signal.addEventListener("abort", () => { clearTimeout(done); resolve(); }, { once: true });
  });
}
