import type { Forecast } from "../src/analytics";
import { useForecast } from "../src/react/useAnalytics";
import { errorText } from "./errorText";
import { credits } from "./format";

const day = (date: Date) => date.toLocaleDateString("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** When the credits run out at the recent rate, what expires unused on the way, and what to buy by when. */
export function ForecastCard({ accountId }: { accountId: string }) {
  const { data: forecast, error } = useForecast(accountId);
  return (
    <section className="card">
      <h2>Forecast</h2>
      {error && (
        <p className="notice notice-error" data-testid="forecast-error">
          {errorText(error)}
        </p>
      )}
      {!forecast && !error && <p className="muted">Loading forecast…</p>}
      {forecast && <ForecastBody forecast={forecast} />}
    </section>
  );
}

function ForecastBody({ forecast }: { forecast: Forecast }) {
  const topUp = forecast.suggestedTopUp;
  return (
    <>
      <p data-testid="burn-rate">
        You spend about <strong>{forecast.burnRatePerDay.toFixed(1)}</strong> credits a day (weighted over the last {forecast.windowDays}{" "}
        days, recent days counting more).
      </p>
      {forecast.runOutAt ? (
        <p>
          Your {credits(forecast.available)} available credits run out on <strong data-testid="run-out">{day(forecast.runOutAt)}</strong>.
        </p>
      ) : (
        <p data-testid="run-out-never">You have spent nothing recently, so your {credits(forecast.available)} credits will not run out.</p>
      )}
      {topUp.credits > 0n && (
        <p className="notice" data-testid="top-up">
          Buy {credits(topUp.credits)} credits (30 days at this rate)
          {topUp.buyBefore && <> before {day(topUp.buyBefore)}</>}
          {topUp.packId && (
            <>
              {": "}
              <a href={`./#pack-${topUp.packId}`} data-testid="top-up-pack">
                the {topUp.packId} pack
              </a>
            </>
          )}
          .
        </p>
      )}
      <h3 className="subheading">Credits that will expire unused</h3>
      {forecast.expiringUnused.length === 0 ? (
        <p className="muted" data-testid="expiring-none">
          None: at this rate you spend every credit before it expires.
        </p>
      ) : (
        <table className="data" data-testid="expiring">
          <thead>
            <tr>
              <th scope="col">Lot</th>
              <th scope="col">Credits</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {forecast.expiringUnused.map((lot) => (
              <tr key={lot.lotId}>
                <td className="mono">{lot.lotId}</td>
                <td>{credits(lot.credits)}</td>
                <td>{day(lot.expiresAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
