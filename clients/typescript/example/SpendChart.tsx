import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from "chart.js";
import { Bar } from "react-chartjs-2";
import type { Granularity } from "../src/analytics";
import { credits } from "./format";
import { bucketLabel, featureName, type SpendTable } from "./usagePeriods";

// Chart.js is tree-shaken: register only what a stacked bar chart uses.
ChartJS.register(BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const COLOURS = ["#3b5bdb", "#f08c00", "#2b8a3e", "#c2255c", "#5f3dc4", "#0b7285", "#868e96"];

/**
 * Credits spent per period, stacked by feature, and the same numbers as a table: the canvas is
 * hidden from screen readers (aria-hidden), the table is what they read.
 */
export function SpendChart({ table, granularity }: { table: SpendTable; granularity: Granularity }) {
  const labels = table.periods.map((start) => bucketLabel(start, granularity));
  const data = {
    labels,
    datasets: table.features.map((feature, index) => ({
      label: featureName(feature),
      data: (table.credits.get(feature) ?? []).map(Number),
      backgroundColor: COLOURS[index % COLOURS.length],
    })),
  };
  return (
    <>
      <div className="chart" aria-hidden="true" data-testid="spend-chart">
        <Bar
          data={data}
          options={{
            animation: false,
            maintainAspectRatio: false,
            scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: "credits" } } },
          }}
        />
      </div>
      <details className="table-details">
        <summary>Spend by feature as a table</summary>
        <table className="data" data-testid="spend-table">
          <thead>
            <tr>
              <th scope="col">Period</th>
              {table.features.map((feature) => (
                <th scope="col" key={feature}>
                  {featureName(feature)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, index) => (
              // Keyed by the period's start: labels repeat while the granularity switches.
              <tr key={table.periods[index]?.getTime()}>
                <th scope="row">{label}</th>
                {table.features.map((feature) => (
                  <td key={feature}>{credits(table.credits.get(feature)?.[index] ?? 0n)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
